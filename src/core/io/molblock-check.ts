// What is structurally wrong with a V2000 molblock, in words and at a line. RDKit's own reason for a broken molblock
// is sometimes only an assertion banner ("****"); this names the line a user has to fix.

export interface MolblockProblem {
  message: string;
  /** 0-based line inside the molblock. */
  line: number;
}

const COUNTS_LINE = 3;

function int(text: string): number | undefined {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

/** The first structural problem of a V2000 molblock (counts, atom and bond lines), or undefined when none is found. */
export function molblockProblem(molblock: string): MolblockProblem | undefined {
  const lines = molblock.split(/\r?\n/);
  const counts = lines[COUNTS_LINE];
  if (counts === undefined)
    return {
      message: `the record ends after ${lines.length} lines, before its counts line (line ${COUNTS_LINE + 1})`,
      line: Math.max(0, lines.length - 1),
    };
  if (/V3000/.test(counts)) return undefined;
  const atoms = int(counts.slice(0, 3)),
    bonds = int(counts.slice(3, 6));
  if (atoms === undefined || bonds === undefined || atoms < 0 || bonds < 0) {
    return {
      message: `the counts line does not start with the numbers of atoms and bonds (got "${counts.slice(0, 20)}")`,
      line: COUNTS_LINE,
    };
  }
  const end = lines.findIndex((l, i) => i > COUNTS_LINE && /^M {2}END/.test(l));
  const last = end < 0 ? lines.length : end;
  for (let k = 0; k < atoms; k++) {
    const i = COUNTS_LINE + 1 + k;
    if (i >= last)
      return {
        message: `the counts line declares ${atoms} atoms, but the atom block ends after ${k}`,
        line: Math.min(i, lines.length - 1),
      };
    const fields = lines[i].trim().split(/\s+/);
    if (fields.length < 4 || fields.slice(0, 3).some(f => !Number.isFinite(Number(f)))) {
      return { message: `atom ${k + 1} is not "x y z symbol ..." (got "${lines[i].slice(0, 40)}")`, line: i };
    }
  }
  for (let k = 0; k < bonds; k++) {
    const i = COUNTS_LINE + 1 + atoms + k;
    if (i >= last)
      return {
        message: `the counts line declares ${bonds} bonds, but the bond block ends after ${k}`,
        line: Math.min(i, lines.length - 1),
      };
    const a = int(lines[i].slice(0, 3)),
      b = int(lines[i].slice(3, 6));
    if (a === undefined || b === undefined)
      return {
        message: `bond ${k + 1} does not start with two atom numbers (got "${lines[i].slice(0, 40)}")`,
        line: i,
      };
    const bad = [a, b].find(x => x < 1 || x > atoms);
    if (bad !== undefined)
      return {
        message: `bond ${k + 1} names atom ${bad}, but the record has ${atoms} atom${atoms === 1 ? '' : 's'}`,
        line: i,
      };
  }
  return undefined;
}
