/**
 * The editor's view of the registry's config schema: the keys a dict may hold where the cursor is (completion)
 * and the key under the cursor (hover), as `keysAt` lists them for the trainer the file is written for. Nothing
 * here decides which keys exist; the checker and the bundled trainer read the same schema.
 */
import type { JsonValue } from '../../../runtime/src/config';
import { detectTrainer, formatType, isObject, keysAt, type KeySpec } from './registryView';

/** The keys a dict at `path` may hold, given the evaluated config and the file's text (which trainer reads it). */
export function childKeys(path: readonly string[], config: JsonValue | undefined, source: string): readonly KeySpec[] | undefined {
  const c = isObject(config) ? config : undefined;
  return keysAt(path, c, detectTrainer(c, source).kind)?.keys;
}

/** The key at `path` (its last segment) as the schema describes it, or undefined. */
export function describeKey(path: readonly string[], config: JsonValue | undefined, source: string): KeySpec | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1];
  return childKeys(path.slice(0, -1), config, source)?.find((k) => k.name === last);
}

/** `int | float`, `str`, ... for a key's detail line. */
export function keyTypeText(k: KeySpec): string {
  return formatType(k.type);
}
