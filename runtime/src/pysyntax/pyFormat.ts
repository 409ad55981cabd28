/**
 * JavaScript values written as Python writes them: the one float formatter (`repr(float)`: `1.0`, `1e-05`) for
 * the metrics file, hovers, inlay hints and outlines, and `pyRepr` for values in signatures, docs and messages.
 * Beside the string-literal lexer because both are Python's literal syntax, and below the registry, which
 * prints its defaults with it.
 */

/** How a float that is not finite is written: as source (`float('nan')`) or as Python's json module does (`NaN`). */
export type NonFinite = 'source' | 'json';

const NON_FINITE: Record<NonFinite, { nan: string; inf: string }> = {
  source: { nan: "float('nan')", inf: "float('inf')" },
  json: { nan: 'NaN', inf: 'Infinity' },
};

/**
 * Python's `repr(float(x))`: the shortest digits that read back (JavaScript's are the same), positional from
 * 1e-4 up to 1e16 with at least one decimal (`1.0`), else exponent form with a signed two-digit exponent (`1e-05`).
 */
export function pyFloat(x: number, nonFinite: NonFinite = 'source'): string {
  if (Number.isNaN(x)) return NON_FINITE[nonFinite].nan;
  if (!Number.isFinite(x)) return `${x < 0 ? '-' : ''}${NON_FINITE[nonFinite].inf}`;
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponent] = x.toExponential().split('e');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  // Within this range String() is positional with the same shortest digits.
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

/** A JS value as Python source (null → None, arrays → tuples unless `list`); numbers as JSON gave them. */
export function pyRepr(value: unknown, list = false): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : pyFloat(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (Array.isArray(value)) {
    const items = value.map((v) => pyRepr(v));
    if (list) return `[${items.join(', ')}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}
