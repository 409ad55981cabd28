/**
 * The one registration helper for what the bundled trainer implements (models, losses, decay types, optimizer
 * transforms, evaluators, pp ops): implementations by registry name, in a registry of the spec's namespace. Each
 * name must have a spec marked `bundled`, and every spec marked `bundled` must get an implementation, so "bundled"
 * in the registry (what the language server and `bv check` tell users runs) is exactly what runs.
 */
import { Registry } from './registry';

/** A spec that says whether the bundled trainer implements it. */
interface BundledSpec {
  readonly name: string;
  readonly bundled: boolean;
}

/** Registers `entries` against `specs`; throws at load when the two disagree on what is bundled. */
export function implementations<S extends BundledSpec, T>(specs: Registry<S>, entries: Readonly<Record<string, T>>): Registry<T> {
  const registry = new Registry<T>(specs.namespace);
  for (const [name, impl] of Object.entries(entries)) {
    const spec = specs.require(name);
    if (!spec.bundled) throw new Error(`'${specs.key(name)}' is implemented, but its registry spec is not marked bundled`);
    registry.register(spec.name, impl);
  }
  const missing = specs.list().filter((s) => s.bundled && !registry.knows(s.name));
  if (missing.length) throw new Error(`${missing.map((s) => `'${specs.key(s.name)}'`).join(', ')} marked bundled in the registry, but not implemented`);
  return registry;
}
