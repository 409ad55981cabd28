/**
 * upstream `common.merge_params(loaded, inited, dont_load)` with a report: the result has exactly the freshly
 * initialised params' names and shapes; values come from the checkpoint except names full-matching a `dont_load`
 * regex (those keep their init values: a new head). A name on one side only, or a value whose shape differs from
 * the model's, is an error unless `dont_load` covers it (upstream fails on the first at merge and on the second at
 * the first step); a model's `load()` may first adapt a mis-shaped value (the ViT resamples `pos_embedding`).
 */
import * as tf from '@tensorflow/tfjs';
import type { NpyArray } from '../checkpoints/npz/npy';
import type { Params } from '../models/types';
import { fullMatcher } from '../semantics/paramRules';
import { ConfigKeyError } from '../semantics/configKeyError';
import type { HostParams } from './readParams';

/** What a load did to each parameter. */
export interface LoadReport {
  /** Taken from the checkpoint. */
  readonly loaded: string[];
  /** Kept at their init values because a `dont_load` regex matches them. */
  readonly skipped: string[];
  /** Adapted to the model's shape (`pos_embedding [1,196,768] → [1,49,768]`). */
  readonly adapted: string[];
  /** In the model, not in the checkpoint, not `dont_load`ed. */
  readonly missing: string[];
  /** In the checkpoint, not in the model, not `dont_load`ed. */
  readonly unexpected: string[];
  /** Shape differs from the model's (`head/kernel [768,1000] vs [768,10]`), not `dont_load`ed. */
  readonly misShaped: string[];
  /** Checkpoint layout upgrades applied before merging (`pre-Linen module names`, ...). */
  readonly conversions: string[];
}

/** Turns a checkpoint value into the model's shape, or returns undefined when it cannot. */
export type Adapt = (name: string, value: NpyArray, initShape: readonly number[]) => NpyArray | undefined;

const shapeText = (s: readonly number[]): string => `[${s.join(',')}]`;
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Whether a merge left something the run cannot start with. */
export function reportFails(r: LoadReport): boolean {
  return r.missing.length + r.unexpected.length + r.misShaped.length > 0;
}

/** The report as lines for the trainer's log (counts, then the names of each group). */
export function formatReport(r: LoadReport): string[] {
  const list = (names: string[]): string => (names.length > 8 ? `${names.slice(0, 8).join(', ')}, … (${names.length - 8} more)` : names.join(', '));
  const lines = [`${r.loaded.length} loaded, ${r.skipped.length} kept at init (dont_load), ${r.adapted.length} adapted, ${r.missing.length} missing, ${r.unexpected.length} unexpected, ${r.misShaped.length} mis-shaped`];
  if (r.conversions.length) lines.push(`  converted: ${r.conversions.join('; ')}`);
  if (r.skipped.length) lines.push(`  kept at init (dont_load): ${list(r.skipped)}`);
  if (r.adapted.length) lines.push(`  adapted: ${list(r.adapted)}`);
  if (r.missing.length) lines.push(`  missing (in the model, not in the checkpoint): ${list(r.missing)}`);
  if (r.unexpected.length) lines.push(`  unexpected (in the checkpoint, not in the model): ${list(r.unexpected)}`);
  if (r.misShaped.length) lines.push(`  mis-shaped (checkpoint vs model): ${list(r.misShaped)}`);
  return lines;
}

/**
 * Merges `loaded` into `init` (whose tensors are reused for skipped params and disposed for replaced ones unless
 * the merge fails). Throws a ConfigKeyError at `model_init` with the report when the checkpoint does not fit.
 */
export function mergeParams(init: Params, loaded: HostParams, dontLoad: readonly string[], opts: { adapt?: Adapt; conversions?: string[]; file?: string } = {}): { params: Params; report: LoadReport } {
  const patterns = dontLoad.map((p, i) => fullMatcher(p, ['model_load', 'dont_load', i]));
  const skip = (name: string): boolean => patterns.some((re) => re.test(name));
  const report: LoadReport = { loaded: [], skipped: [], adapted: [], missing: [], unexpected: [], misShaped: [], conversions: opts.conversions ?? [] };
  const values = new Map<string, NpyArray>();
  for (const [name, fresh] of Object.entries(init)) {
    const value = loaded.get(name);
    if (skip(name)) report.skipped.push(name);
    else if (!value) report.missing.push(name);
    else if (sameShape(value.shape, fresh.shape)) values.set(name, value);
    else {
      const adapted = opts.adapt?.(name, value, fresh.shape);
      if (adapted && sameShape(adapted.shape, fresh.shape)) {
        report.adapted.push(`${name} ${shapeText(value.shape)} → ${shapeText(fresh.shape)}`);
        values.set(name, adapted);
      } else report.misShaped.push(`${name} ${shapeText(value.shape)} vs ${shapeText(fresh.shape)}`);
    }
  }
  for (const name of loaded.keys()) if (!(name in init) && !skip(name)) report.unexpected.push(name);
  if (reportFails(report)) {
    const where = opts.file ? ` (${opts.file})` : '';
    throw new ConfigKeyError(['model_init'], `the checkpoint${where} does not fit the model: ${formatReport(report).join('\n')}\nFix the model config to match the checkpoint, or add regexes to config.model_load.dont_load to keep those parameters at their init values (a new head: 'head/.*').`);
  }
  const params: Params = {};
  for (const [name, fresh] of Object.entries(init)) {
    const value = values.get(name);
    if (!value) {
      params[name] = fresh;
      continue;
    }
    params[name] = tf.tensor(value.data, [...value.shape], fresh.dtype);
    report.loaded.push(name);
    fresh.dispose();
  }
  return { params, report };
}
