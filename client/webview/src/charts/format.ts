/** Number and duration formats for axes, legends and status lines. */

const counts = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** Seconds → "45s", "12m 05s", "3h 07m", "2d 04h". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (Math.abs(s) < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (Math.abs(s) < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (Math.abs(s) < 86400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86400)}d ${pad(Math.floor((s % 86400) / 3600))}h`;
}

/** A metric value for the legend: 4 significant digits, exponent for tiny and huge values. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return Number(v.toPrecision(4)).toExponential();
  return String(Number(v.toPrecision(4)));
}
