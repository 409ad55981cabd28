/**
 * Go to definition: from a pp op, model, evaluator, optimizer, decay type or loss named in a string, or from a
 * config key (`config.lr`, `dict(batch_size=...)` under `input`), to its entry in the registry's reference files
 * (generated at build time, shipped in the .vsix: see definitions/registryDocs.ts), and from a
 * `bvcc.helper(...)` call to the helper's `def` in the big_vision checkout the config uses, or in the bundled
 * compatible modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver';
import { findCheckout, type JsonValue } from '../../../runtime/src/config';
import { cursorContext } from '../../../runtime/src/pyparse';
import { RegistryIndex } from '../definitions/registryIndex';
import type { DocNamespace } from '../definitions/registryDocs';
import type { ConfigDocument } from '../documents';
import { ppCursor } from './ppCursor';
import { isObject, keySpec } from './registryView';
import { stringKind, type StringKind } from './stringKinds';

/** The registry namespace a kind of string names. */
const NAMESPACES: Partial<Record<StringKind, DocNamespace>> = {
  pp: 'pp', model_name: 'model', evaluator: 'evaluator', optax_name: 'optimizer', decay_type: 'schedule', loss: 'loss',
};

/** The nearest folder at or above this module holding `rel` (sources, or the bundle inside a checkout). */
function findUp(rel: string): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, rel);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function location(file: string, line: number, character: number, length: number): Location {
  return { uri: pathToFileURL(file).href, range: { start: { line, character }, end: { line, character: character + length } } };
}

/** The first line of `file` matching `re`, as a location of `name` on it. */
function findInFile(file: string, re: RegExp, name: string): Location | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m) return location(file, i, lines[i].indexOf(name, m.index), name.length);
  }
  return undefined;
}

/** The keyword argument name around `at` in `text` (a name followed by `=`), if any. */
function keywordAt(text: string, at: number): string | undefined {
  let start = at;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  let end = at;
  while (end < text.length && /\w/.test(text[end])) end++;
  return end > start && /^\s*=(?!=)/.test(text.slice(end)) ? text.slice(start, end) : undefined;
}

/** Module name → alias, from `import big_vision.configs.common as bvcc` and `from big_vision.configs import common`. */
export function helperAliases(text: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of text.matchAll(/^\s*import\s+(big_vision\.configs(?:\.\w+)+)(?:\s+as\s+(\w+))?/gm)) aliases.set(m[2] ?? m[1], m[1]);
  for (const m of text.matchAll(/^\s*from\s+(big_vision\.configs(?:\.\w+)*)\s+import\s+(\w+)(?:\s+as\s+(\w+))?/gm)) aliases.set(m[3] ?? m[2], `${m[1]}.${m[2]}`);
  return aliases;
}

export class DefinitionService {
  private checkout = '';
  private readonly registry = new RegistryIndex();

  configure(checkout: string): void {
    this.checkout = checkout;
  }

  /** `config`: the last good evaluation, which says whose arguments a dict holds (`model_name`, `optax_name`). */
  doDefinition(doc: ConfigDocument, position: Position, config?: JsonValue): Location | null {
    try {
      const offset = doc.doc.offsetAt(position);
      const ctx = cursorContext(doc, offset);
      const s = ctx.string;
      if (s && ctx.dictKey?.form === 'string') return ctx.dictKey.keyPath ? this.configKey([...ctx.dictKey.keyPath.map(String), s.value], config) : null;
      if (s && !ctx.dictKey) {
        const kind = stringKind(s);
        const ns = kind && NAMESPACES[kind];
        if (!kind || !ns) return null;
        const pp = kind === 'pp' ? ppCursor(s.value, s.valueOffset) : undefined;
        const name = pp ? pp.piece.name : s.value;
        // On a keyword of an op's call (`resize(224, meth|od='area')`): that argument of the op.
        const keyword = pp?.where === 'args' ? keywordAt(s.value, s.valueOffset) : undefined;
        if (name && keyword) return this.registry.locate(ns, `${name}.${keyword}`) ?? this.registry.locate(ns, name);
        return name ? this.registry.locate(ns, name) : null;
      }
      if (ctx.comment) return null;
      return this.keyAt(doc, offset, config) ?? (ctx.dictKey ? null : this.helper(doc, offset));
    } catch (err) {
      console.error(`definition in ${doc.file} failed: ${(err as Error).stack ?? String(err)}`);
      return null;
    }
  }

  /** The config key under the cursor (`config.input.batch_size`, `batch_size=` in the dict at `input`). */
  private keyAt(doc: ConfigDocument, offset: number, config: JsonValue | undefined): Location | null {
    const text = doc.text;
    let start = offset;
    while (start > 0 && /\w/.test(text[start - 1])) start--;
    let end = offset;
    while (end < text.length && /\w/.test(text[end])) end++;
    if (start === end) return null;
    const at = cursorContext(doc, end);
    const keyword = at.dictKey?.form === 'keyword' && /^\s*=(?!=)/.test(text.slice(end, end + 4));
    const keyPath = at.attribute?.keyPath ?? (keyword ? at.dictKey?.keyPath : undefined);
    return keyPath ? this.configKey([...keyPath.map(String), text.slice(start, end)], config) : null;
  }

  /**
   * The reference entry of the config key at `path` (`evals.val.type` → `evals.*.type`), else of the argument it
   * is: a `model` kwarg of the config's model, an `optax` kwarg of its optimizer, an eval's evaluator argument.
   */
  private configKey(path: string[], config: JsonValue | undefined): Location | null {
    const spec = keySpec(path.join('.'));
    if (spec) return this.registry.locate('config', spec.path);
    const named = (key: string): string | undefined => (isObject(config) && typeof config[key] === 'string' ? config[key] : undefined);
    const [head, a, b] = path;
    if (path.length === 2 && head === 'model' && named('model_name')) return this.registry.locate('model', `${named('model_name')}.${a}`);
    if (path.length === 2 && head === 'optax' && named('optax_name')) return this.registry.locate('optimizer', `${named('optax_name')}.${a}`);
    if (path.length === 3 && head === 'evals' && isObject(config) && isObject(config.evals)) {
      const entry = config.evals[a];
      const type = isObject(entry) && typeof entry.type === 'string' ? entry.type : a;
      return this.registry.locate('evaluator', `${type}.${b}`);
    }
    return null;
  }

  /** `alias.func` under the cursor → `def func(` in the module's file. */
  private helper(doc: ConfigDocument, offset: number): Location | null {
    const text = doc.text;
    let start = offset;
    while (start > 0 && /[\w.]/.test(text[start - 1])) start--;
    let end = offset;
    while (end < text.length && /\w/.test(text[end])) end++;
    const chain = text.slice(start, end).split('.');
    const aliases = helperAliases(text);
    const module = aliases.get(chain[0]);
    if (!module) return null;
    const file = this.moduleFile(doc.file, module);
    if (!file) return null;
    const func = chain[1];
    const onAlias = offset - start <= chain[0].length;
    if (!func || onAlias) return location(file, 0, 0, 0);
    return findInFile(file, new RegExp(`^(?:def|class)\\s+${escapeRe(func)}\\b|^${escapeRe(func)}\\s*=`), func) ?? location(file, 0, 0, 0);
  }

  /** The file of a `big_vision.configs.*` module: in the checkout, else among the bundled modules. */
  private moduleFile(configFile: string, module: string): string | undefined {
    const rel = module.split('.');
    const roots = [this.checkout || findCheckout(path.dirname(configFile)), findUp(path.join('runtime', 'src', 'config', 'python')), findUp(path.join('runtime', 'python'))];
    for (const root of roots) {
      if (!root) continue;
      for (const f of [path.join(root, ...rel) + '.py', path.join(root, ...rel, '__init__.py')]) if (fs.existsSync(f)) return f;
    }
    return undefined;
  }
}
