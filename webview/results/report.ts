// The training report above the out-of-fold table: how the heads were validated (k, split, rows), a comparison of
// every candidate with the baseline in the same folds, and the chosen head's in-sample numbers, set apart and
// labelled as such. Facts the head did not record read "not recorded".
import type { TrainingReport } from '../../src/common/results/protocol';
import { formatMetric } from '../../src/common/results/format';
import { LOWER_IS_BETTER, METRIC_TITLES } from '../../src/common/results/training-report';
import { h } from '../dom';

const NOT_RECORDED = 'not recorded';

function fact(term: string, value: string | number | null, title?: string): HTMLElement[] {
  const recorded = value !== null && value !== '';
  return [
    h('dt', {}, term),
    h(
      'dd',
      { class: recorded ? '' : 'not-recorded', ...(title ? { title } : {}) },
      recorded ? String(value) : NOT_RECORDED,
    ),
  ];
}

const SPLITS = {
  random: 'random (molecules shuffled into folds)',
  scaffold: 'scaffold-grouped (molecules sharing a Bemis–Murcko scaffold stay in one fold)',
};

/** The best value of each metric over the rows that have one (the baseline included). */
function bests(r: TrainingReport): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of r.metrics) {
    const values = r.candidates.map(c => c.metrics[k]).filter((v): v is number => v !== null);
    if (values.length) out.set(k, LOWER_IS_BETTER.has(k) ? Math.min(...values) : Math.max(...values));
  }
  return out;
}

export function renderReport(r: TrainingReport): HTMLElement[] {
  const facts = h(
    'dl',
    { class: 'facts', id: 'report-facts' },
    ...fact('Label', r.label),
    ...fact('Task', r.task),
    ...fact('Cross-validation', r.folds === null ? null : `${r.folds}-fold (k = ${r.folds})`),
    ...fact('Split', r.split === null ? null : SPLITS[r.split]),
    ...fact('Rows used', r.rowsUsed),
    ...fact('Rows refused', r.rowsRefused, 'molecules without a numeric label or refused by the pre-flight check'),
    ...fact('Saved to', r.savedTo ?? 'not saved'),
  );
  const best = bests(r);
  const arrow = (k: string) => (LOWER_IS_BETTER.has(k) ? ' ↓' : ' ↑');
  const compare = h(
    'table',
    { class: 'compare', id: 'report-candidates' },
    h(
      'caption',
      {},
      `Cross-validated (out-of-fold) metrics${r.folds ? ` over the same ${r.folds} folds` : ''}: every model is scored on molecules it did not see. ↓ lower is better, ↑ higher is better.`,
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Model'),
        h('th', { scope: 'col' }, 'Method'),
        h('th', { scope: 'col', class: 'num' }, 'Rows'),
        ...r.metrics.map(k => h('th', { scope: 'col', class: 'num' }, (METRIC_TITLES[k] ?? k) + arrow(k))),
      ),
    ),
    h(
      'tbody',
      {},
      ...r.candidates.map(c => {
        const recorded = c.kind === 'candidate' || r.metrics.some(k => c.metrics[k] !== null);
        return h(
          'tr',
          { class: `${c.kind}${c.chosen ? ' chosen' : ''}`, 'data-kind': c.kind },
          h(
            'th',
            { scope: 'row' },
            c.name,
            c.chosen ? h('span', { class: 'badge kept', title: 'the head that was kept' }, 'kept') : null,
            c.kind === 'baseline'
              ? h(
                  'span',
                  { class: 'badge baseline', title: 'what a model must beat to have learnt anything' },
                  'baseline',
                )
              : null,
            c.detail ? h('span', { class: 'detail' }, c.detail) : null,
          ),
          h('td', { class: 'method' }, [c.method, c.regularisation].filter(Boolean).join(', ')),
          h('td', { class: 'num' }, c.rows === null ? '' : String(c.rows)),
          ...(recorded
            ? r.metrics.map(k => {
                const v = c.metrics[k];
                return h('td', { class: `num${v !== null && v === best.get(k) ? ' best' : ''}` }, formatMetric(v));
              })
            : [h('td', { class: 'not-recorded', colspan: String(r.metrics.length) }, NOT_RECORDED)]),
        );
      }),
    ),
  );
  const inSample = h(
    'table',
    { class: 'compare in-sample', id: 'report-in-sample' },
    h(
      'caption',
      {},
      'In-sample: the kept head fitted on all rows and scored on those same rows. Optimistic, not a test of new molecules.',
    ),
    h('thead', {}, h('tr', {}, ...r.metrics.map(k => h('th', { scope: 'col', class: 'num' }, METRIC_TITLES[k] ?? k)))),
    h(
      'tbody',
      {},
      h(
        'tr',
        {},
        ...(r.inSample
          ? r.metrics.map(k => h('td', { class: 'num' }, formatMetric(r.inSample![k] ?? null)))
          : [h('td', { class: 'not-recorded', colspan: String(r.metrics.length) }, NOT_RECORDED)]),
      ),
    ),
  );
  return [h('h3', {}, 'Training report'), facts, compare, inSample];
}
