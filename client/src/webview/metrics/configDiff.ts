/**
 * Compare runs by config: each run's `config.json` (upstream's `config.to_json()`) flattened to dotted keys
 * (`model.variant`, `evals.val.log_steps`; a key that holds a dot is written in brackets, `evals["a.b"]`, as
 * `--config.` overrides spell it), then only the keys whose values differ between runs. A key that one run
 * lacks shows as missing (null) on that side. Lists are compared and shown whole, as JSON.
 */
import type { ConfigCompare } from '../contract';

/** Dotted key → the value's JSON text, for every leaf of `config` (an empty object is a leaf: `{}`). */
export function flattenConfig(config: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, key: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
      for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}${k.includes('.') ? `[${JSON.stringify(k)}]` : `.${k}`}` : k.includes('.') ? `[${JSON.stringify(k)}]` : k);
      return;
    }
    out.set(key, JSON.stringify(value) ?? 'null');
  };
  walk(config, '');
  return out;
}

/** One run's config as read: the parsed JSON, or why it could not be read. */
export type RunConfig = { run: string; config: unknown } | { run: string; error: string };

/** The keys whose values differ between the runs' configs, sorted; runs without a config are listed as errors
 * and left out of the comparison. */
export function diffConfigs(configs: readonly RunConfig[]): ConfigCompare {
  const readable = configs.filter((c): c is { run: string; config: unknown } => 'config' in c);
  const flat = readable.map((c) => flattenConfig(c.config));
  const keys = new Set<string>();
  for (const f of flat) for (const k of f.keys()) keys.add(k);
  const rows = [...keys]
    .sort()
    .map((key) => ({ key, values: flat.map((f) => f.get(key) ?? null) }))
    .filter((row) => row.values.some((v) => v !== row.values[0]));
  return {
    runs: readable.map((c) => c.run),
    rows,
    errors: configs.filter((c): c is { run: string; error: string } => 'error' in c).map((c) => ({ run: c.run, message: c.error })),
  };
}
