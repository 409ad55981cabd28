/**
 * Doing the same thing on every worker at once, with a bound on how many run together (a 256-host slice must not
 * open 256 SSH handshakes in one go). Results keep the workers' order; failures are collected, each naming its
 * worker, so one error message says which workers failed and why.
 */

export interface WorkerFailure {
  index: number;
  error: Error;
}

export class FanOutError extends Error {
  constructor(readonly failures: WorkerFailure[], what: string, label: (index: number) => string) {
    super(`${what} failed on ${failures.length === 1 ? label(failures[0].index) : `${failures.length} workers`}:\n${failures.map((f) => `  ${label(f.index)}: ${f.error.message}`).join('\n')}`);
    this.name = 'FanOutError';
  }
}

/** Runs `fn` for each of `items` with at most `limit` at a time; settles when all have settled. */
export async function fanOutSettled<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i], i) };
      } catch (err) {
        results[i] = { status: 'rejected', reason: err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/** Like `fanOutSettled`, but resolves to the values, or throws one `FanOutError` naming every failed worker. */
export async function fanOut<T, R>(items: readonly T[], limit: number, what: string, label: (index: number) => string, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const settled = await fanOutSettled(items, limit, fn);
  const failures = settled.flatMap((r, index) => (r.status === 'rejected' ? [{ index, error: r.reason instanceof Error ? r.reason : new Error(String(r.reason)) }] : []));
  if (failures.length) throw new FanOutError(failures, what, label);
  return settled.map((r) => (r as PromiseFulfilledResult<R>).value);
}
