/**
 * The one path → span index of an evaluation: the engine reports, per config key path, where the key was set and
 * its Python kind; every reader (the checker's locations, `bv train`'s error lines, the editor's hovers, inlay
 * hints and symbols) looks keys up here, built once per evaluation.
 */
import type { EvaluateResult, KeyKind, Span } from './protocol';

type Spans = Extract<EvaluateResult, { ok: true }>['spans'];

/** A path segment as the engine records it: keys as strings, list indices as numbers (or digit strings). */
type Segment = string | number;

// Segments never hold U+001F; a list index and its digit string are one key ('0' and 0), as both spell it.
const keyOf = (path: readonly Segment[]): string => path.map(String).join('\u001f');

export class SpanIndex {
  private readonly byPath = new Map<string, { span: Span; kind: KeyKind }>();

  constructor(spans: Spans) {
    for (const [path, span, kind] of spans) this.byPath.set(keyOf(path), { span, kind });
  }

  /** Where the key at `path` was set. */
  span(path: readonly Segment[]): Span | undefined {
    return this.byPath.get(keyOf(path))?.span;
  }

  /** The Python kind of the key's value (`float`, `tuple`, a `get_ref`). */
  kind(path: readonly Segment[]): KeyKind | undefined {
    return this.byPath.get(keyOf(path))?.kind;
  }

  /** The span of `path`, else of its longest recorded prefix (`evals.val.log_steps` set in a dict lands on `evals.val`). */
  nearest(path: readonly Segment[]): Span | undefined {
    for (let n = path.length; n > 0; n--) {
      const hit = this.span(path.slice(0, n));
      if (hit) return hit;
    }
    return undefined;
  }

  /** Every recorded span. */
  spans(): IterableIterator<Span> {
    return [...this.byPath.values()].map((v) => v.span)[Symbol.iterator]();
  }
}

const built = new WeakMap<Spans, SpanIndex>();

/** The index of an evaluation's spans, built on first use. */
export function spanIndex(spans: Spans): SpanIndex {
  let index = built.get(spans);
  if (!index) built.set(spans, (index = new SpanIndex(spans)));
  return index;
}
