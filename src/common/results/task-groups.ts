// Which prediction columns the results view shows, and in what order. A multi-task model predicts dozens of tasks
// from several datasets: the view offers them grouped by dataset, with the tasks that concern this file (a trained
// head's, the ones asked for, the ones whose measured values the file holds) first. Pure, so unit-tested directly.
import type { ResultColumn } from './protocol';

/** Why a task concerns the file, strongest first. */
export const RELEVANCE = ['head', 'chosen', 'measured', 'related'] as const;
export type Relevance = (typeof RELEVANCE)[number];

export interface TaskGroup {
  /** 'relevant', 'all', or 'dataset:<name>'. */
  id: string;
  label: string;
  /** Task names in the order their columns are shown. */
  tasks: string[];
}

/** The group label of a head's task, and of a model's tasks that name no dataset and share no prefix. */
export const HEAD_GROUP = 'Trained head';
export const OTHER_GROUP = 'Other tasks';

/** The dataset a task belongs to: as the manifest says, else the prefix a multi-task model gives its names. */
export function datasetOf(task: string, dataset: string | undefined, prefixes: ReadonlySet<string>): string {
  if (dataset) return dataset;
  const cut = task.indexOf('_');
  return cut > 0 && prefixes.has(task.slice(0, cut)) ? task.slice(0, cut) : OTHER_GROUP;
}

/** A task's name for a header: without its dataset prefix, words apart (SIDER_Eye_disorders → Eye disorders). */
export function shortTaskName(task: string, dataset: string | undefined): string {
  const bare =
    dataset && task.toLowerCase().startsWith(dataset.toLowerCase() + '_') ? task.slice(dataset.length + 1) : task;
  // Words joined by underscores read as words; a code such as p_np stays as the dataset writes it.
  const parts = bare.split(/_+/).filter(Boolean);
  return parts.length > 1 && parts.every(w => w.length >= 3) ? parts.join(' ') : bare || task;
}

const rank = (c: ResultColumn) => (c.relevance ? RELEVANCE.indexOf(c.relevance) : RELEVANCE.length);

/** The prediction columns, one per task, in payload order. */
function taskColumns(columns: ResultColumn[]): ResultColumn[] {
  return columns.filter(c => c.role === 'prediction' && c.taskName !== undefined);
}

/**
 * Groups for the task picker: "relevant" (when any task concerns the file), one per dataset in the model's order,
 * and "all" (when there is more than one dataset), relevant tasks first within it. No groups for results without
 * task columns (similarity).
 */
export function taskGroups(columns: ResultColumn[]): TaskGroup[] {
  const tasks = taskColumns(columns);
  if (!tasks.length) return [];
  const byDataset = new Map<string, string[]>();
  for (const c of tasks) {
    const d = c.dataset ?? OTHER_GROUP;
    byDataset.set(d, [...(byDataset.get(d) ?? []), c.taskName!]);
  }
  const relevant = tasks
    .map((c, i) => ({ c, i }))
    .filter(x => x.c.relevance)
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(x => x.c.taskName!);
  const groups: TaskGroup[] = [];
  if (relevant.length) groups.push({ id: 'relevant', label: 'Relevant to this file', tasks: relevant });
  for (const [d, names] of byDataset) groups.push({ id: `dataset:${d}`, label: d, tasks: names });
  if (byDataset.size > 1) {
    const rest = tasks.map(c => c.taskName!).filter(t => !relevant.includes(t));
    groups.push({ id: 'all', label: 'All tasks', tasks: [...relevant, ...rest] });
  }
  return groups;
}

/** The group shown first: the saved choice if it still exists, the relevant tasks, else the first dataset. */
export function defaultGroup(groups: TaskGroup[], saved?: string): TaskGroup | undefined {
  return groups.find(g => g.id === saved) ?? groups[0];
}

/**
 * Indexes of the columns to show for a group, in order: the row number, molecule and other non-task columns, then
 * per task its prediction, uncertainty and measured values (a measured column shared by two tasks once, beside the
 * first), then the applicability domain. Without a group every column is shown.
 */
export function visibleColumns(columns: ResultColumn[], group: TaskGroup | undefined): number[] {
  if (!group) return columns.map((_, i) => i);
  const index = (pred: (c: ResultColumn) => boolean) => columns.map((c, i) => (pred(c) ? i : -1)).filter(i => i >= 0);
  const isTaskColumn = (c: ResultColumn) =>
    c.taskName !== undefined || c.role === 'measured' || c.role === 'uncertainty' || c.role === 'ad';
  const out = index(c => !isTaskColumn(c));
  const shown = new Set<number>();
  for (const task of group.tasks)
    for (const i of [
      ...index(c => c.role === 'prediction' && c.taskName === task),
      ...index(c => c.role === 'uncertainty' && c.taskName === task),
      ...index(c => c.role === 'measured' && (c.measures ?? []).includes(task)),
    ])
      if (!shown.has(i)) {
        shown.add(i);
        out.push(i);
      }
  return [...out, ...index(c => c.role === 'ad')];
}

/** Words that name a quantity rather than say which one (a column "Measured value" concerns no task). */
const VAGUE = new Set(
  'measured measurement value values result results name names smiles molecule molecules compound compounds label labels class classes data experimental predicted prediction score activity mols litre liter units unit with from per'.split(
    ' ',
  ),
);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(w => w.length >= 4 && !VAGUE.has(w)),
  );
}

/**
 * Whether a file's column headers speak of a task: a specific word in common with the task's name, dataset or the
 * column it was trained on (a vendor's "Kinetic solubility (uM)" and ESOL's "measured log solubility in mols per
 * litre" share "solubility").
 */
export function mentionsTask(
  fileColumns: string[],
  task: { name: string; dataset?: string; sourceColumn?: string },
): boolean {
  const file = words(fileColumns.join(' '));
  const own = words([task.name.replace(/_/g, ' '), task.dataset ?? '', task.sourceColumn ?? ''].join(' '));
  for (const w of own) if (file.has(w)) return true;
  return false;
}
