// Inline SVG plots drawn with DOM calls (no library, no markup strings): histogram, predicted vs. measured, ROC.
// Axes carry ticks at 1-2-5 steps written by the shared formatter; the margins are sized from the longest tick
// label and axis labels are shortened to the room they have, so nothing is clipped at the edge of the plot.
import { histogram, regressionFit, rocCurve, type Histogram } from '../../src/common/results/plots';
import {
  fitText,
  formatMetric,
  formatNumber,
  niceTicks,
  textWidth,
  tickFormatter,
  type Ticks,
} from '../../src/common/results/format';

const NS = 'http://www.w3.org/2000/svg';
const W = 340,
  H = 240,
  FONT = 11,
  LABEL_BAND = FONT + 6,
  PAD = 4;

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An axis label shortened to `room` pixels, its full text kept as a tooltip. */
function label(text: string, room: number, attrs: Record<string, string | number>): SVGElement {
  const shown = fitText(text, room, FONT);
  const t = el('text', { ...attrs, class: 'label' }, shown);
  if (shown !== text) t.append(el('title', {}, text));
  return t;
}

function frame(name: string, xLabel: string, yLabel: string, x: Ticks, y: Ticks) {
  const fx = tickFormatter(x),
    fy = tickFormatter(y);
  const yLabels = y.values.map(fy),
    xLabels = x.values.map(fx);
  const m = {
    l: PAD + LABEL_BAND + Math.max(...yLabels.map(s => textWidth(s, FONT))) + 6,
    // The last x tick is centred on the right end of the axis: half of it must fit.
    r: PAD + textWidth(xLabels[xLabels.length - 1], FONT) / 2,
    t: PAD + FONT / 2 + 2,
    b: PAD + LABEL_BAND + FONT + 8,
  };
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    role: 'img',
    'aria-label': name,
    class: 'plot',
  }) as SVGSVGElement;
  const sx = (v: number) => m.l + ((v - x.min) / (x.max - x.min)) * (W - m.l - m.r);
  const sy = (v: number) => H - m.b - ((v - y.min) / (y.max - y.min)) * (H - m.t - m.b);
  x.values.forEach((v, i) => {
    svg.append(el('line', { x1: sx(v), y1: m.t, x2: sx(v), y2: H - m.b, class: 'grid' }));
    svg.append(el('text', { x: sx(v), y: H - m.b + FONT + 4, 'text-anchor': 'middle', class: 'tick' }, xLabels[i]));
  });
  y.values.forEach((v, i) => {
    svg.append(el('line', { x1: m.l, y1: sy(v), x2: W - m.r, y2: sy(v), class: 'grid' }));
    svg.append(el('text', { x: m.l - 5, y: sy(v) + FONT / 2 - 1, 'text-anchor': 'end', class: 'tick' }, yLabels[i]));
  });
  svg.append(
    el('line', { x1: m.l, y1: H - m.b, x2: W - m.r, y2: H - m.b, class: 'axis' }),
    el('line', { x1: m.l, y1: m.t, x2: m.l, y2: H - m.b, class: 'axis' }),
    label(xLabel, W - m.l - m.r, { x: (m.l + W - m.r) / 2, y: H - PAD - 2, 'text-anchor': 'middle' }),
  );
  const midY = (m.t + H - m.b) / 2,
    yAt = PAD + FONT;
  svg.append(
    label(yLabel, H - m.t - m.b, {
      x: yAt,
      y: midY,
      'text-anchor': 'middle',
      transform: `rotate(-90 ${yAt} ${midY})`,
    }),
  );
  return { svg, sx, sy };
}

export function histogramSvg(values: Array<number | null>, xLabel: string): SVGSVGElement | string {
  return binsSvg(histogram(values), xLabel);
}

/** Bars of counts between `edges` (one more edge than counts), e.g. a histogram computed by a query elsewhere. */
export function binsSvg(h: Histogram, xLabel: string): SVGSVGElement | string {
  if (!h.counts.length) return 'no values to plot';
  const top = Math.max(...h.counts);
  const x = niceTicks(h.edges[0], h.edges[h.edges.length - 1], 6);
  // Counts are whole molecules: never a tick at 2.5.
  const y = niceTicks(0, top, Math.min(6, top + 1), { integer: true });
  const { svg, sx, sy } = frame(`Histogram of ${xLabel}`, xLabel, 'molecules', x, y);
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
    bar.append(el('title', {}, `${formatNumber(h.edges[i])} to ${formatNumber(h.edges[i + 1])}: ${c} molecules`));
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
  const t = niceTicks(fit.min, fit.max, 6);
  const { svg, sx, sy } = frame(`${yLabel} against ${xLabel}`, xLabel, yLabel, t, t);
  svg.append(el('line', { x1: sx(t.min), y1: sy(t.min), x2: sx(t.max), y2: sy(t.max), class: 'diagonal' }));
  for (const p of fit.points) svg.append(el('circle', { cx: sx(p.x), cy: sy(p.y), r: 2.5, class: 'point' }));
  return { svg, caption: `R² = ${formatMetric(fit.r2)} · RMSE = ${formatMetric(fit.rmse)} · n = ${fit.n}` };
}

export function rocSvg(
  labels: Array<number | null>,
  scores: Array<number | null>,
): { svg: SVGSVGElement; caption: string } | string {
  const roc = rocCurve(labels, scores);
  if (!roc) return 'the ROC curve needs measured labels of both classes (0 and 1)';
  const unit = niceTicks(0, 1, 6);
  const { svg, sx, sy } = frame('ROC curve', 'false positive rate', 'true positive rate', unit, unit);
  svg.append(el('line', { x1: sx(0), y1: sy(0), x2: sx(1), y2: sy(1), class: 'diagonal' }));
  svg.append(el('polyline', { points: roc.points.map(p => `${sx(p.fpr)},${sy(p.tpr)}`).join(' '), class: 'curve' }));
  return {
    svg,
    caption: `AUC = ${formatMetric(roc.auc)} · ${roc.positives} positive, ${roc.negatives} negative`,
  };
}
