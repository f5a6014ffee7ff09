// Numbers for display, shared by the views: a few significant digits instead of the file's or the float's own.

/**
 * `value` with `digits` significant digits (trailing zeros dropped): 1430.000000000 → "1430", 0.123456 → "0.1235",
 * 7.3e-7 → "7.3e-7". Integers up to 1e15, and the integer part of large values, are written whole; very large or
 * very small magnitudes in exponent form.
 */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-4)) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    return `${trimZeros(mantissa!)}e${Number(exponent)}`;
  }
  // Whole digits are never dropped: 123456.789 → "123457", not "123500".
  if (abs >= 10 ** digits) return String(Math.round(value));
  return String(Number(value.toPrecision(digits)));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
