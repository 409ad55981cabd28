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

/** A split string TFDS rejects; `start` and `end` delimit the characters of the string at fault. */
export class SplitError extends Error {
  constructor(
    readonly spec: string,
    readonly why: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(`Bad split '${spec}': ${why} (${FORMAT_HINT})`);
    this.name = 'SplitError';
  }
}

/** One `+`-joined term of a split string (`train[:10%]`), with where its parts lie in the string. */
export interface SplitTerm extends RelativeInstruction {
  /** Characters [start, end) of the term in the split string; the name ends at `nameEnd`, its `[...]` follows. */
  readonly start: number;
  readonly end: number;
  readonly nameEnd: number;
}

function fail(spec: string, why: string, start: number, end: number): never {
  throw new SplitError(spec, why, start, end);
}

function parseValue(whole: string, text: string, unit: Unit, at: number): number {
  if (unit === '%' ? !FLOAT.test(text) : !INT.test(text)) {
    fail(whole, `'${text}' is not ${unit === '%' ? 'a number' : 'an integer'}`, at, at + text.length);
  }
  return Number(text.replace(/_/g, ''));
}

function parseTerm(whole: string, start: number, end: number): SplitTerm {
  const term = whole.slice(start, end);
  const m = SUB_SPEC.exec(term);
  // An empty term (`train+`) is marked by the character before it.
  if (!m) fail(whole, `unrecognized split format '${term}'`, start < end ? start : Math.max(0, start - 1), end);
  const [, split, selector] = m;
  const nameEnd = start + split.length;
  const at = { start, end, nameEnd };
  if (split === 'all' && selector !== undefined) fail(whole, "'all' does not support slicing", nameEnd, end);
  if (selector === undefined) return { split, from: null, to: null, unit: 'abs', ...at };
  const pieces = selector.split(':');
  const starts = pieces.map((_, i) => nameEnd + 1 + pieces.slice(0, i).reduce((n, p) => n + p.length + 1, 0));
  const parts = pieces.map((p) => SLICE.exec(p));
  const bad = parts.findIndex((p) => !p);
  if (bad >= 0 || parts.every((p) => !p?.[0]) || parts.length > 2) {
    if (bad >= 0) {
      const why = `'${pieces[bad]}' in '${term}' is not a slice boundary (an integer such as 10 or -10, a percent such as 10%, or a shard such as 2shard)`;
      fail(whole, why, starts[bad], starts[bad] + pieces[bad].length);
    }
    fail(whole, `unrecognized split format '${term}'`, nameEnd + 1, end - 1);
  }
  const [a, b] = parts as RegExpExecArray[];
  if (parts.length === 1) {
    // `train[3shard]`: a single index is only allowed for shards.
    if (a[2] !== 'shard') fail(whole, 'absolute or percent boundaries need slice syntax (e.g. [:10] or [:10%])', nameEnd + 1, end - 1);
    const shard = parseValue(whole, a[1], 'shard', starts[0]);
    return { split, from: shard, to: shard + 1, unit: 'shard', ...at };
  }
  const unit: Unit = (a[2] || b[2] || 'abs') as Unit;
  const from = a[1] === undefined ? null : parseValue(whole, a[1], unit, starts[0]);
  const to = b[1] === undefined ? null : parseValue(whole, b[1], unit, starts[1]);
  for (const [value, i] of [[from, 0], [to, 1]] as const) {
    if (unit === '%' && Math.abs(value ?? 0) > 100) fail(whole, 'percent boundaries must lie in [-100, 100]', starts[i], starts[i] + pieces[i].length);
  }
  return { split, from, to, unit, ...at };
}

/**
 * The terms of a split string, checked against TFDS's grammar alone (no dataset needed): `train`,
 * `train[10:20]`, `train[:10%]`, `train[2shard]`, `train[:4shard]`, `a+b`, `all`. Throws a SplitError.
 */
export function parseSplit(spec: string): SplitTerm[] {
  const terms: SplitTerm[] = [];
  const plus = /\s*\+\s*/g;
  let start = 0;
  for (let m = plus.exec(spec); ; m = plus.exec(spec)) {
    terms.push(parseTerm(spec, start, m ? m.index : spec.length));
    if (!m) return terms;
    start = m.index + m[0].length;
  }
}

/** Python's round(): halves go to the even neighbour. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function toAbsolute(whole: string, rel: SplitTerm, splits: Readonly<Record<string, SplitShards>>): AbsoluteInstruction {
  const info = splits[rel.split];
  if (!info) fail(whole, `unknown split '${rel.split}'; the dataset has ${Object.keys(splits).map((s) => `'${s}'`).join(', ') || 'no splits'}`, rel.start, rel.nameEnd);
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
    fail(whole, `slice [${from || ''}:${to || ''}] does not fit the ${n} examples of '${rel.split}'`, rel.nameEnd + 1, rel.end - 1);
  }
  if (from < 0) from += n;
  if (to < 0) to += n;
  return { split: rel.split, from, to: Math.max(from, to) };
}

/**
 * Resolves a split string against the dataset's splits (in dataset_info
 * order, which `all` follows). Throws a SplitError naming the bad part.
 */
export function resolveSplit(spec: string, splits: Readonly<Record<string, SplitShards>>): AbsoluteInstruction[] {
  const out: AbsoluteInstruction[] = [];
  for (const term of parseSplit(spec)) {
    if (term.split === 'all') {
      for (const split of Object.keys(splits)) out.push(toAbsolute(spec, { ...term, split, from: null, to: null, unit: 'abs' }, splits));
    } else {
      out.push(toAbsolute(spec, term, splits));
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
