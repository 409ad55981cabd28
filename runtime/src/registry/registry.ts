// A small typed name → spec registry, modelled on big_vision's pp/registry.py
// and tfjs's kernel_registry.ts. Keys carry a namespace prefix (`pp.resize`,
// `model.vit`), duplicates throw unless replaced on purpose, and unknown names
// come with "did you mean" suggestions for diagnostics.

import type { Namespace } from './types';

/** Options for `Registry.register`. */
export interface RegisterOptions {
  /** Overwrite an existing entry instead of throwing. */
  replace?: boolean;
}

/**
 * Typed registry for one namespace. Names may be given short (`resize`) or
 * prefixed (`pp.resize`); `list()` keeps registration order.
 */
export class Registry<T> {
  private readonly entries = new Map<string, T>();

  /** @param namespace prefix of every key, e.g. `pp`. */
  constructor(readonly namespace: Namespace) {}

  /** The prefixed key for `name` (`resize` → `pp.resize`). */
  key(name: string): string {
    return name.startsWith(`${this.namespace}.`) ? name : `${this.namespace}.${name}`;
  }

  /** The short name for `name` (`pp.resize` → `resize`). */
  shortName(name: string): string {
    return name.startsWith(`${this.namespace}.`) ? name.slice(this.namespace.length + 1) : name;
  }

  /** Adds `spec` under `name`; throws if the name is taken unless `replace`. */
  register(name: string, spec: T, options: RegisterOptions = {}): void {
    const key = this.key(name);
    if (this.entries.has(key) && !options.replace) {
      throw new Error(`The name '${key}' was already registered (pass {replace: true} to overwrite).`);
    }
    this.entries.set(key, spec);
  }

  /** The spec for `name`, or undefined. */
  get(name: string): T | undefined {
    return this.entries.get(this.key(name));
  }

  /** The spec for `name`; throws with suggestions when unknown. */
  require(name: string): T {
    const spec = this.get(name);
    if (spec === undefined) {
      const hints = this.suggest(name);
      const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : '';
      throw new Error(`Unknown ${this.namespace} name '${this.shortName(name)}'.${hint}`);
    }
    return spec;
  }

  /** Whether `name` is registered. */
  knows(name: string): boolean {
    return this.entries.has(this.key(name));
  }

  /** All specs, in registration order. */
  list(): T[] {
    return [...this.entries.values()];
  }

  /** All short names, in registration order. */
  names(): string[] {
    return [...this.entries.keys()].map((k) => this.shortName(k));
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Registers `spec` under `name` while `fn` runs (like upstream's
   * `temporary_ops`), then restores the previous state, also after a throw or
   * a rejected promise.
   */
  withTemporary<R>(name: string, spec: T, fn: () => R): R {
    const key = this.key(name);
    const had = this.entries.has(key);
    const previous = this.entries.get(key);
    this.entries.set(key, spec);
    const restore = (): void => {
      if (had) this.entries.set(key, previous as T);
      else this.entries.delete(key);
    };
    let result: R;
    try {
      result = fn();
    } catch (err) {
      restore();
      throw err;
    }
    if (result instanceof Promise) {
      return result.finally(restore) as R;
    }
    restore();
    return result;
  }

  /** Closest known short names to `name`, best first (for "did you mean"). */
  suggest(name: string, max = 3): string[] {
    return suggestNames(this.shortName(name), this.names(), max);
  }
}

/**
 * Optimal-string-alignment Damerau–Levenshtein distance: insertions,
 * deletions, substitutions and adjacent transpositions each cost 1.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2][j - 2] + 1);
      }
      d[i][j] = best;
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * Candidates within a length-scaled edit distance of `name` (case-insensitive),
 * plus candidates that start with it, best first.
 */
export function suggestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const needle = name.toLowerCase();
  const limit = Math.max(2, Math.ceil(needle.length * 0.34));
  const scored: { name: string; score: number }[] = [];
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    if (candidate === name) continue;
    const dist = editDistance(needle, hay);
    if (dist <= limit) scored.push({ name: candidate, score: dist });
    else if (needle.length >= 3 && hay.startsWith(needle)) scored.push({ name: candidate, score: limit + 1 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}
