/**
 * What a config names, looked up among the bundled trainer's implementations (registered against the registry by
 * `implementations`), with one error for every kind: a name the registry does not know (with "did you mean" and
 * what is bundled), and one upstream has but the bundled trainer does not run. Raised at the naming key.
 */
import type { KeyPath, Registry } from '../registry';
import { ConfigKeyError } from './configKeyError';

/**
 * The implementation of `name` (a config value at `path`), e.g. `implementationAt(modelImpls, models, 'vit',
 * ['model_name'], 'model')`. `note` follows the name in messages (why this name was used).
 */
export function implementationAt<T>(impls: Registry<T>, specs: Registry<unknown>, name: unknown, path: KeyPath, what: string, note = ''): T {
  const bundled = impls.names().join(', ');
  if (typeof name !== 'string') throw new ConfigKeyError(path, `must name a ${what} (bundled: ${bundled}), got ${JSON.stringify(name)}`);
  const impl = impls.get(name);
  if (impl !== undefined) return impl;
  if (specs.knows(name)) {
    throw new ConfigKeyError(path, `${what} '${name}'${note} exists upstream, but the bundled trainer does not implement it (bundled: ${bundled}); run it with upstream big_vision`);
  }
  const hints = specs.suggest(name);
  throw new ConfigKeyError(path, `unknown ${what} '${name}'${note}.${hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : ''} Bundled: ${bundled}`);
}
