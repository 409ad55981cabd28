/**
 * Errors the trainer raises about the config. A `ConfigKeyError` names the config key at fault (`config.input.pp`,
 * `config.evals.val.type`), so `bv train` can print it at the key's line in the config file.
 */

export class ConfigKeyError extends Error {
  /**
   * @param key dotted path of the key, starting with `config` (e.g. `config.model_name`)
   * @param message what is wrong and how to fix it (the key is prepended unless the message starts with it)
   */
  constructor(readonly key: string, message: string, options?: { cause?: unknown }) {
    super(message.startsWith(key) ? message : `${key}: ${message}`, options);
    this.name = 'ConfigKeyError';
  }
}

/**
 * A ConfigKeyError for `err`, blamed on `key` unless the message itself starts with a more precise key
 * (`config.schedule.warmup_steps=...`, as the optimizer and model modules write them).
 */
export function toConfigKeyError(key: string, err: unknown): ConfigKeyError {
  if (err instanceof ConfigKeyError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const own = /^(config(?:\.[\w/-]+|\[[^\]]+\])+)[=:\s]/.exec(message);
  return new ConfigKeyError(own ? own[1] : key, message, { cause: err });
}

/** Runs `fn`, turning any error into a ConfigKeyError (see `toConfigKeyError`). */
export function blameKeySync<T>(key: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toConfigKeyError(key, err);
  }
}
