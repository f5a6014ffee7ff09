// Inline SVG plots drawn with DOM calls (no library, no markup strings): histogram, predicted vs. measured, ROC.
import { histogram, regressionFit, rocCurve, type Histogram } from '../../src/common/results/plots';

const NS = 'http://www.w3.org/2000/svg';
const W = 320,
  H = 220,
  M = { l: 44, r: 10, t: 10, b: 34 };

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3)).toString();

function frame(label: string, xLabel: string, yLabel: string, x: [number, number], y: [number, number]) {
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    role: 'img',
    'aria-label': label,
    class: 'plot',
  }) as SVGSVGElement;
  const sx = (v: number) => M.l + (x[1] === x[0] ? 0.5 : (v - x[0]) / (x[1] - x[0])) * (W - M.l - M.r);
  const sy = (v: number) => H - M.b - (y[1] === y[0] ? 0.5 : (v - y[0]) / (y[1] - y[0])) * (H - M.t - M.b);
  svg.append(
    el('line', { x1: M.l, y1: H - M.b, x2: W - M.r, y2: H - M.b, class: 'axis' }),
    el('line', { x1: M.l, y1: M.t, x2: M.l, y2: H - M.b, class: 'axis' }),
  );
  for (const v of [x[0], (x[0] + x[1]) / 2, x[1]])
    svg.append(el('text', { x: sx(v), y: H - M.b + 13, 'text-anchor': 'middle', class: 'tick' }, fmt(v)));
  for (const v of [y[0], (y[0] + y[1]) / 2, y[1]])
    svg.append(el('text', { x: M.l - 4, y: sy(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(v)));
  svg.append(el('text', { x: (M.l + W - M.r) / 2, y: H - 4, 'text-anchor': 'middle', class: 'label' }, xLabel));
  svg.append(
    el(
      'text',
      {
        x: 10,
        y: (M.t + H - M.b) / 2,
        'text-anchor': 'middle',
        class: 'label',
        transform: `rotate(-90 10 ${(M.t + H - M.b) / 2})`,
      },
      yLabel,
    ),
  );
  return { svg, sx, sy };
}

export function histogramSvg(values: Array<number | null>, label: string): SVGSVGElement | string {
  return binsSvg(histogram(values), label);
}

/** Bars of counts between `edges` (one more edge than counts), e.g. a histogram computed by a query elsewhere. */
export function binsSvg(h: Histogram, label: string): SVGSVGElement | string {
  if (!h.counts.length) return 'no values to plot';
  const top = Math.max(...h.counts);
  const { svg, sx, sy } = frame(
    `Histogram of ${label}`,
    label,
    'molecules',
    [h.edges[0], h.edges[h.edges.length - 1]],
    [0, top],
  );
  h.counts.forEach((c, i) => {
    const x0 = sx(h.edges[i]),
      x1 = sx(h.edges[i + 1]);
    const bar = el('rect', {
      x: x0 + 0.5,
      y: sy(c),
      width: Math.max(1, x1 - x0 - 1),
      height: sy(0) - sy(c),
      class: 'bar',
    });
    bar.append(el('title', {}, `${fmt(h.edges[i])} – ${fmt(h.edges[i + 1])}: ${c}`));
    svg.append(bar);
  });
  return svg;
}

export function scatterSvg(
  measured: Array<number | null>,
  predicted: Array<number | null>,
  xLabel: string,
  yLabel: string,
): { svg: SVGSVGElement; caption: string } | string {
  const fit = regressionFit(measured, predicted);
  if (!fit) return 'fewer than two molecules have both a measured and a predicted value';
  const { svg, sx, sy } = frame(`${yLabel} against ${xLabel}`, xLabel, yLabel, [fit.min, fit.max], [fit.min, fit.max]);
  svg.append(el('line', { x1: sx(fit.min), y1: sy(fit.min), x2: sx(fit.max), y2: sy(fit.max), class: 'diagonal' }));
  for (const p of fit.points) svg.append(el('circle', { cx: sx(p.x), cy: sy(p.y), r: 2.5, class: 'point' }));
  return { svg, caption: `R² = ${fit.r2.toFixed(3)} · RMSE = ${fit.rmse.toFixed(3)} · n = ${fit.n}` };
}

export function rocSvg(
  labels: Array<number | null>,
  scores: Array<number | null>,
): { svg: SVGSVGElement; caption: string } | string {
  const roc = rocCurve(labels, scores);
  if (!roc) return 'the ROC curve needs measured labels of both classes (0 and 1)';
  const { svg, sx, sy } = frame('ROC curve', 'false positive rate', 'true positive rate', [0, 1], [0, 1]);
  svg.append(el('line', { x1: sx(0), y1: sy(0), x2: sx(1), y2: sy(1), class: 'diagonal' }));
  svg.append(el('polyline', { points: roc.points.map(p => `${sx(p.fpr)},${sy(p.tpr)}`).join(' '), class: 'curve' }));
  return { svg, caption: `AUC = ${roc.auc.toFixed(3)} · ${roc.positives} positive, ${roc.negatives} negative` };
}
