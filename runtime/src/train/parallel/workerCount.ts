/**
 * How many data-parallel workers `bv train` runs: `--workers N`, or by default one per core of the machine. The
 * native tensorflow backend already spreads its kernels over every core, so it defaults to one worker; a global
 * batch smaller than the core count gets one worker per example at most.
 */
import * as os from 'node:os';

/** `--workers` as given: a count, or `auto` (the default). */
export type WorkersRequest = number | 'auto';

/** Parses the `--workers` flag: a whole number >= 1 or `auto`; anything else is one clear error. */
export function parseWorkers(text: string | undefined): WorkersRequest {
  if (text === undefined || text === 'auto') return 'auto';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--workers ${text}: give a whole number of worker threads >= 1, or auto (one per core, ${os.availableParallelism()} here)`);
  return n;
}

/** The worker count for `request` on `backend` (tfjs's name) with a global batch of `batchSize`. */
export function resolveWorkers(request: WorkersRequest, backend: string, batchSize: number, cores = os.availableParallelism()): number {
  if (request !== 'auto') {
    if (request > batchSize) throw new Error(`--workers ${request} is more than the global batch of ${batchSize} examples (config.input.batch_size): every worker needs at least one; use --workers ${batchSize} or fewer`);
    return request;
  }
  if (backend === 'tensorflow') return 1;
  return Math.max(1, Math.min(cores, batchSize));
}
