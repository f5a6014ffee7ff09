// Number formats shared by the results view's table, plots and reports: significant digits for values, ticks at
// 1-2-5 steps for axes, all written out in plain decimals (0.0036, never 3.6e-3) within the range chemists read;
// only very small or very large magnitudes get a power of ten, written as ×10ⁿ.

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** Magnitudes outside [1e-4, 1e6) are written with a power of ten. */
const SMALL = 1e-4,
  LARGE = 1e6;

function scientific(v: number, digits: number): string {
  const exponent = Math.floor(Math.log10(Math.abs(v)));
  let mantissa = Number((v / 10 ** exponent).toPrecision(digits));
  let e = exponent;
  if (Math.abs(mantissa) >= 10) {
    mantissa /= 10;
    e++;
  }
  const power = `10${[...String(e)].map(c => SUPERSCRIPT[c]).join('')}`;
  return mantissa === 1 ? power : mantissa === -1 ? `−${power}` : `${minus(String(mantissa))}×${power}`;
}

/** A typographic minus sign, so negative numbers line up and read as numbers. */
const minus = (s: string) => s.replace(/^-/, '−');

/** Plain decimal text with `decimals` digits after the point; no "-0". */
function fixed(v: number, decimals: number): string {
  const s = v.toFixed(Math.max(0, Math.min(20, decimals)));
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : minus(s);
}

/** A value to `digits` significant digits, trailing zeros dropped: 0.00362, −2.87, 1230, 4.1×10⁻⁷. */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < SMALL || a >= LARGE) return scientific(v, digits);
  if (Number.isInteger(v) && a >= 10 ** (digits - 1)) return minus(String(v));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
  const s = fixed(Number(v.toPrecision(digits)), decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A probability with two decimals; the ends read "<0.01" and ">0.99" rather than a misleading 0.00 or 1.00. */
export function formatProbability(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  if (v > 0 && v < 0.005) return '<0.01';
  if (v < 1 && v > 0.995) return '>0.99';
  return fixed(v, 2);
}

/** A metric (RMSE, R², ROC AUC) to three significant digits, or "n/a" when it could not be computed. */
export function formatMetric(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : formatNumber(v, 3);
}

export interface Ticks {
  /** The axis range: the data range widened to whole steps, so both ends carry a tick. */
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  // A little slack: 4e-6 / 4 is 1.0000000000000002e-6, which is still a step of 1e-6.
  const f = (rough / power) * (1 - 1e-9);
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

/**
 * Tick values at a 1-2-2.5-5 step covering [lo, hi] with at most `maxTicks` ticks (at least 3), whole steps only when
 * `integer`. A single value gets a range around it. Values are rounded to the step's decimals so they print exactly (0.30000000000000004 → 0.3).
 */
export function niceTicks(lo: number, hi: number, maxTicks = 6, options: { integer?: boolean } = {}): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { min: 0, max: 1, step: 1, values: [0, 1] };
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  // Three at least: a range across zero has ticks at −step, 0 and step however large the step.
  const n = Math.max(3, Math.floor(maxTicks));
  // Counts take whole steps: 1, 2, 5, 10, 25, ... never 0.5 or 2.5.
  const stepFor = (rough: number) => {
    const st = niceStep(rough);
    return options.integer ? (st < 1 ? 1 : Number.isInteger(st) ? st : st * 2) : st;
  };
  let step = stepFor((hi - lo) / (n - 1));
  // Data that sits on a tick (up to rounding: 1e-6 / 1e-6 = 0.9999...) starts or ends the axis there.
  const floor = (v: number) => Math.floor(v / step + 1e-9) * step,
    ceil = (v: number) => Math.ceil(v / step - 1e-9) * step;
  let min = floor(lo),
    max = ceil(hi);
  // Widening to whole steps can add a tick: take the next step up until the count fits.
  while (Math.round((max - min) / step) + 1 > n) {
    step = stepFor(step * 1.01);
    min = floor(lo);
    max = ceil(hi);
  }
  const decimals = stepDecimals(step);
  const round = (v: number) => Number(v.toFixed(Math.min(20, decimals)));
  const count = Math.round((max - min) / step);
  const values = Array.from({ length: count + 1 }, (_, i) => round(min + i * step));
  return { min: round(min), max: round(max), step, values };
}

/** Digits after the point that a multiple of `step` needs (0.25 → 2, 5 → 0, 0.001 → 3). */
function stepDecimals(step: number): number {
  for (let d = 0; d < 20; d++) {
    const scaled = step * 10 ** d;
    if (Math.round(scaled) >= 1 && Math.abs(Math.round(scaled) - scaled) <= 1e-6 * scaled) return d;
  }
  return 20;
}

/**
 * The formatter for one axis' ticks: every label with the same decimals (0.0, 0.5, 1.0), plain decimals within
 * [1e-4, 1e6), a shared power of ten outside it.
 */
export function tickFormatter(ticks: Ticks): (v: number) => string {
  const biggest = Math.max(Math.abs(ticks.min), Math.abs(ticks.max));
  if (ticks.step < SMALL || biggest >= LARGE) return v => (v === 0 ? '0' : scientific(v, 3));
  const decimals = stepDecimals(ticks.step);
  return v => fixed(v, decimals);
}

/**
 * Width in pixels that `text` takes at `fontPx`, estimated on the generous side (digits and most letters are
 * narrower than 0.62 em in the fonts VS Code uses), so margins computed from it never clip a label.
 */
export function textWidth(text: string, fontPx: number): number {
  return [...text].length * fontPx * 0.62;
}

/** `text` shortened with an ellipsis to fit `maxPx` at `fontPx` (by the same estimate). */
export function fitText(text: string, maxPx: number, fontPx: number): string {
  const chars = [...text];
  const room = Math.floor(maxPx / (fontPx * 0.62));
  return chars.length <= room ? text : chars.slice(0, Math.max(1, room - 1)).join('') + '…';
}
