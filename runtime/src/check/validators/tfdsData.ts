/**
 * TFDS sources: each `datasets.core.get` kwargs dict whose `name` is not a `bv:` source.
 * - `invalid-split` (Error: TFDS raises ValueError): the split string against TFDS's grammar, always, with the
 *   data layer's parser (the one the bundled trainer reads with): `train[:10%]`, `train[10:20]`, `train[2shard]`,
 *   `train[:4shard]`, `a+b`, `all`; and, when the data dir holds the dataset, slices past the end of a split.
 * - `unknown-split` (Error): when the data dir holds the dataset, split names it lacks, with "did you mean".
 * - `unknown-dataset` (Warning): a name the data dir lacks while it holds a close one, with "did you mean"; the
 *   dataset may just not be prepared on this machine, so this is no error.
 * Each sits at the characters of the string at fault when the value is written as one literal.
 */
import { parseSplit, resolveSplit, SplitError, type SplitTerm } from '../../data/splits';
import { parseDatasetName } from '../../data/tfdsInfo';
import { dataDicts, formatPath, type KeyPath, suggestNames } from '../../registry';
import type { CheckContext } from '../context';
import { dataDirOf, datasetInfo, preparedDatasetNames, type DatasetInfo } from '../../semantics/datasets';
import type { Problem } from '../problem';
import type { Validator } from '../validator';
import { unknownName } from './names';

const quoted = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

/** Terms of `split`, or undefined after reporting where TFDS's grammar rejects it. */
function parseOrReport(ctx: CheckContext, path: KeyPath, split: string, out: Problem[]): SplitTerm[] | undefined {
  try {
    return parseSplit(split);
  } catch (err) {
    if (!(err instanceof SplitError)) throw err;
    const examples = err.why.startsWith('unrecognized') ? " Splits read e.g. 'train', 'train[:10%]', 'train[1000:]', 'train[:4shard]', 'train+validation'." : '';
    const message = `Invalid split '${split}' (${formatPath(path)}): ${err.why}; TFDS raises ValueError.${examples}`;
    out.push(ctx.problem('invalid-split', 'error', message, ctx.valueLocation(path, split, err.start, err.end).range));
    return undefined;
  }
}

/** Split names the dataset lacks, then (when all are known) slices that do not fit it. */
function checkAgainstData(ctx: CheckContext, path: KeyPath, split: string, terms: readonly SplitTerm[], dataset: string, dir: string, info: DatasetInfo, out: Problem[]): void {
  const names = Object.keys(info.splits);
  const where = `dataset '${dataset}' ${info.version} in ${dir}`;
  let unknown = false;
  for (const term of terms) {
    if (term.split === 'all' || names.includes(term.split)) continue;
    unknown = true;
    const hints = suggestNames(term.split, names);
    const loc = ctx.valueLocation(path, split, term.start, term.nameEnd);
    const fix = hints.length && loc.whole ? ctx.replaceFix(`Replace with '${hints[0]}'`, loc.range, hints[0]) : undefined;
    const hint = hints.length ? ` Did you mean '${hints[0]}'?` : '';
    out.push(ctx.problem('unknown-split', 'error', `Unknown split '${term.split}' (${formatPath(path)}): ${where} has ${quoted(names)}; TFDS raises ValueError.${hint}`, loc.range, fix));
  }
  if (unknown) return;
  try {
    resolveSplit(split, info.tfds.splits);
  } catch (err) {
    if (!(err instanceof SplitError)) throw err;
    out.push(ctx.problem('invalid-split', 'error', `Invalid split '${split}' (${formatPath(path)}): ${err.why} (${where}); TFDS raises ValueError.`, ctx.valueLocation(path, split, err.start, err.end).range));
  }
}

/** A dataset name the data dir lacks while holding a close one (a typo such as 'mnistt'). */
function checkName(ctx: CheckContext, path: KeyPath, name: string, dir: string, out: Problem[]): void {
  let parsed;
  try {
    parsed = parseDatasetName(name);
  } catch {
    return;
  }
  const prepared = preparedDatasetNames(dir);
  const base = parsed.config ? `${parsed.name}/${parsed.config}` : parsed.name;
  // Another version or config of a prepared dataset is not a typo.
  if (prepared.some((p) => p === parsed.name || p.startsWith(`${parsed.name}/`))) return;
  if (!suggestNames(base, prepared).length) return;
  const why = `${dir} holds no such prepared dataset, so datasets.core.get would ask TFDS to build it and bv train stops`;
  out.push(unknownName(ctx, 'unknown-dataset', 'warning', path, base, prepared, 'dataset', why));
}

export const tfdsData: Validator = {
  name: 'tfdsData',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config) return [];
    const out: Problem[] = [];
    for (const d of dataDicts(config)) {
      const { name, split } = d.value;
      if (typeof name !== 'string' || name.startsWith('bv:')) continue;
      const dir = dataDirOf(d.value, ctx.tfdsDataDir);
      const info = datasetInfo(name, dir);
      if (!info) checkName(ctx, [...d.path, 'name'], name, dir, out);
      if (typeof split !== 'string') continue;
      const terms = parseOrReport(ctx, [...d.path, 'split'], split, out);
      if (terms && info) checkAgainstData(ctx, [...d.path, 'split'], split, terms, name, dir, info, out);
    }
    return out;
  },
};
