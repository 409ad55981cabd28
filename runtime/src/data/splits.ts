// TFDS split strings exactly as tensorflow_datasets/core/splits.py reads them:
// `train`, `train[:98%]`, `train[10000:]`, `train[-10240:]`, `train[:4shard]`,
// `train[2shard]`, `train[:2%]+validation`, `all`. Percent boundaries are
// rounded with `int(round(pct * n / 100))` (Python rounds halves to even), the
// default `closest` rounding. Slices become per-shard skip/take instructions,
// so only the shards a slice touches are ever opened.

/** A split's shard sizes, as dataset_info.json lists them. */
export interface SplitShards {
  readonly shardLengths: readonly number[];
}

/** One `name[from:to]` term, resolved to example indices [from, to). */
export interface AbsoluteInstruction {
  readonly split: string;
  readonly from: number;
  readonly to: number;
}

/** Read `take` records of shard `shard` of `split` after skipping `skip`. */
export interface FileInstruction {
  readonly split: string;
  readonly shard: number;
  readonly skip: number;
  readonly take: number;
}

type Unit = 'abs' | '%' | 'shard';

interface RelativeInstruction {
  readonly split: string;
  readonly from: number | null;
  readonly to: number | null;
  readonly unit: Unit;
}

const SUB_SPEC = /^([\w-]+)(?:\[([\w%:.-]+)\])?$/;
const SLICE = /^(?:(-?[\d_.]+)(%|shard)?)?$/;
const INT = /^-?\d+(?:_\d+)*$/;
const FLOAT = /^-?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)$/;
const FORMAT_HINT = 'see https://www.tensorflow.org/datasets/splits';

function fail(spec: string, why: string): never {
  throw new Error(`Bad split '${spec}': ${why} (${FORMAT_HINT})`);
}

function parseValue(whole: string, text: string, unit: Unit): number {
  if (unit === '%' ? !FLOAT.test(text) : !INT.test(text)) {
    fail(whole, `'${text}' is not ${unit === '%' ? 'a number' : 'an integer'}`);
  }
  return Number(text.replace(/_/g, ''));
}

function parseTerm(whole: string, term: string): RelativeInstruction | 'all' {
  const m = SUB_SPEC.exec(term);
  if (!m) fail(whole, `unrecognized split format '${term}'`);
  const [, split, selector] = m;
  if (split === 'all') {
    if (selector !== undefined) fail(whole, "'all' does not support slicing");
    return 'all';
  }
  if (selector === undefined) return { split, from: null, to: null, unit: 'abs' };
  const parts = selector.split(':').map((p) => SLICE.exec(p));
  if (parts.some((p) => !p) || parts.every((p) => !p?.[0]) || parts.length > 2) {
    fail(whole, `unrecognized split format '${term}'`);
  }
  const [a, b] = parts as RegExpExecArray[];
  if (parts.length === 1) {
    // `train[3shard]`: a single index is only allowed for shards.
    if (a[2] !== 'shard') fail(whole, 'absolute or percent boundaries need slice syntax (e.g. [:10] or [:10%])');
    const shard = parseValue(whole, a[1], 'shard');
    return { split, from: shard, to: shard + 1, unit: 'shard' };
  }
  const unit: Unit = (a[2] || b[2] || 'abs') as Unit;
  const from = a[1] === undefined ? null : parseValue(whole, a[1], unit);
  const to = b[1] === undefined ? null : parseValue(whole, b[1], unit);
  if (unit === '%' && (Math.abs(from ?? 0) > 100 || Math.abs(to ?? 0) > 100)) {
    fail(whole, 'percent boundaries must lie in [-100, 100]');
  }
  return { split, from, to, unit };
}

/** Python's round(): halves go to the even neighbour. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function toAbsolute(whole: string, rel: RelativeInstruction, splits: Readonly<Record<string, SplitShards>>): AbsoluteInstruction {
  const info = splits[rel.split];
  if (!info) fail(whole, `unknown split '${rel.split}'; the dataset has ${Object.keys(splits).map((s) => `'${s}'`).join(', ') || 'no splits'}`);
  const lengths = info.shardLengths;
  const n = lengths.reduce((a, b) => a + b, 0);
  let from: number;
  let to: number;
  if (rel.unit === '%') {
    from = rel.from === null ? 0 : pyRound((rel.from * n) / 100);
    to = rel.to === null ? n : pyRound((rel.to * n) / 100);
  } else if (rel.unit === 'shard') {
    const sum = (k: number): number => lengths.slice(0, k).reduce((a, b) => a + b, 0);
    from = rel.from === null ? 0 : sum(rel.from);
    let toShard = rel.to;
    if (toShard !== null && toShard <= 0) toShard = lengths.length + toShard;
    to = toShard === null ? n : sum(toShard);
  } else {
    from = rel.from ?? 0;
    to = rel.to ?? n;
  }
  if (Math.abs(from) > n || Math.abs(to) > n) {
    fail(whole, `slice [${from || ''}:${to || ''}] does not fit the ${n} examples of '${rel.split}'`);
  }
  if (from < 0) from += n;
  if (to < 0) to += n;
  return { split: rel.split, from, to: Math.max(from, to) };
}

/**
 * Resolves a split string against the dataset's splits (in dataset_info
 * order, which `all` follows). Throws a message naming the bad part.
 */
export function resolveSplit(spec: string, splits: Readonly<Record<string, SplitShards>>): AbsoluteInstruction[] {
  const terms = spec.split(/\s*\+\s*/);
  const out: AbsoluteInstruction[] = [];
  for (const term of terms) {
    const rel = parseTerm(spec, term);
    if (rel === 'all') {
      for (const split of Object.keys(splits)) out.push(toAbsolute(spec, { split, from: null, to: null, unit: 'abs' }, splits));
    } else {
      out.push(toAbsolute(spec, rel, splits));
    }
  }
  return out;
}

/** Number of examples `spec` selects. */
export function splitSize(spec: string, splits: Readonly<Record<string, SplitShards>>): number {
  return resolveSplit(spec, splits).reduce((n, a) => n + (a.to - a.from), 0);
}

/** Per-shard skip/take reads covering the instructions, in order (empty shards skipped). */
export function fileInstructions(instructions: readonly AbsoluteInstruction[], splits: Readonly<Record<string, SplitShards>>): FileInstruction[] {
  const out: FileInstruction[] = [];
  for (const ins of instructions) {
    let start = 0;
    splits[ins.split].shardLengths.forEach((length, shard) => {
      const end = start + length;
      if (length > 0 && ins.from < end && ins.to > start) {
        const skip = Math.max(ins.from - start, 0);
        const take = Math.min(ins.to, end) - start - skip;
        out.push({ split: ins.split, shard, skip, take });
      }
      start = end;
    });
  }
  return out;
}
