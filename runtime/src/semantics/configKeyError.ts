/**
 * The error for a config key at fault, raised where the problem is found (the trainer's config resolution, the
 * model, optimizer, schedule, data and evaluator code) with the key's path, so `bv train` prints it at the line
 * the engine's spans record for that path: no message is ever parsed to recover a key.
 */
import { formatPath, type KeyPath } from '../registry';

export class ConfigKeyError extends Error {
  /** The key as users write it, `config.evals.val.pp_fn`, `config.schedule[0][1].warmup_steps`. */
  readonly key: string;

  /**
   * @param path the key's path in the config (`['model', 'width']`; `[]` for the config as a whole)
   * @param message what is wrong and how to fix it; printed after the key
   */
  constructor(readonly path: KeyPath, message: string, options?: { cause?: unknown }) {
    const key = path.length ? `config.${formatPath(path)}` : 'config';
    super(`${key}: ${message}`, options);
    this.key = key;
    this.name = 'ConfigKeyError';
  }
}

/** Runs `fn`; an error it throws that names no key is blamed on `path` (its message kept, as the cause too). */
export function blameKey<T>(path: KeyPath, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigKeyError) throw err;
    throw new ConfigKeyError(path, err instanceof Error ? err.message : String(err), { cause: err });
  }
}
