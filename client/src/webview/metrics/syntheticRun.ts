/**
 * Metrics lines as upstream's trainer writes them (Python `json.dumps`: `", "` and `": "` separators, floats
 * always with a fraction or exponent, `NaN` bare), for the panel's tests and its benchmark: eleven training and
 * chronometer metrics a step, an eval every `evalEvery` steps in the same line, the first-update timing once.
 * Values carry six significant digits, which makes a line ~250 bytes.
 */

/** Python's repr of a float. */
function py(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const s = String(v);
  return /[.e]/.test(s) ? s.replace(/e-(\d)$/, 'e-0$1') : `${s}.0`;
}

export interface SyntheticOptions {
  /** Steps between evals (their metrics join that step's line). */
  evalEvery: number;
  /** Seconds a step takes (uptime grows by this). */
  secondsPerStep: number;
  /** Steps whose training loss is NaN (a diverging step). */
  nanSteps?: ReadonlySet<number>;
}

const DEFAULTS: SyntheticOptions = { evalEvery: 1000, secondsPerStep: 0.25 };

/** The line of step `step` (1-based), without its newline. */
export function syntheticLine(step: number, options: Partial<SyntheticOptions> = {}): string {
  const o = { ...DEFAULTS, ...options };
  const decay = Math.exp(-step / 200_000);
  const wobble = Math.sin(step * 12.9898) * 43758.5453;
  const noise = wobble - Math.floor(wobble) - 0.5; // deterministic, in [-0.5, 0.5)
  const loss = o.nanSteps?.has(step) ? NaN : (0.4 + 6.5 * decay + 0.3 * noise);
  const fields: [string, number][] = [
    ['training_loss', loss],
    ['l2_grads', (1.5 + decay + 0.2 * noise)],
    ['l2_params', (250 + step * 1e-4)],
    ['l2_updates', (0.05 * decay + 0.001)],
    ['global_schedule', (Math.min(1, step / 10_000) * (0.5 + 0.5 * Math.cos((Math.PI * step) / 1_000_000)))],
    ['uptime', 12.5 + step * o.secondsPerStep],
    ['examples_seen', step * 4096],
    ['progress', step / 1_000_000],
    ['epoch', (step * 4096) / 1_281_167],
    ['img/sec/core', 4096 / o.secondsPerStep / 8 + 10 * noise],
    ['core_hours', (step * o.secondsPerStep * 8) / 3600],
  ];
  if (step === 1) fields.push(['z/secs/update0', 41.25]);
  if (step % o.evalEvery === 0) {
    fields.push(['val/prec@1', (0.8 - 0.7 * decay + 0.01 * noise)], ['val/loss', (0.7 + 5 * decay)], ['z/secs/eval/val', 12.5 + noise]);
  }
  return `{"step": ${step}, ${fields.map(([k, v]) => `"${k}": ${py(Number.isFinite(v) ? Number(v.toPrecision(6)) : v)}`).join(', ')}}`;
}

/** Lines `from` to `to` (inclusive), each with its newline. */
export function syntheticLines(from: number, to: number, options: Partial<SyntheticOptions> = {}): string {
  const lines: string[] = [];
  for (let s = from; s <= to; s++) lines.push(syntheticLine(s, options));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
