/**
 * The registry as Python-like reference files that go to definition opens: one file per namespace (pp ops,
 * models, evaluators, optimizers, decay types, losses, config keys), each entry its signature and docs, and an
 * index of where each name's entry lies. Written at build time into dist/registry (shipped in the .vsix, which
 * holds no TypeScript sources), so definitions answer in the installed extension as they do in the repository.
 */
import {
  configKeys, decayTypes, evaluators, formatDefault, formatSignature, formatType, losses, models, optimizers, ppOps,
  type ParamSpec, type Registry,
} from '../../../runtime/src/registry';

/** The namespaces a definition can land in. */
export type DocNamespace = 'pp' | 'model' | 'evaluator' | 'optimizer' | 'schedule' | 'loss' | 'config';

/** Where one name's entry lies: a file of the reference folder and its 0-based line and column. */
export interface DocEntry {
  readonly file: string;
  readonly line: number;
  readonly character: number;
  /** Length of the name as the entry writes it. */
  readonly length: number;
}

/** The reference files (name → text) and, per namespace, name → entry. */
export interface RegistryDocs {
  readonly files: Record<string, string>;
  readonly index: Record<DocNamespace, Record<string, DocEntry>>;
}

/** File name of the index inside the reference folder. */
export const INDEX_FILE = 'index.json';

/** One entry: its lines and which of them holds the name (offset `column`); `params`: `name.param` lines. */
interface Block {
  name: string;
  lines: string[];
  line: number;
  column: number;
  length: number;
  params?: { name: string; line: number; column: number }[];
}

function docLines(doc: string, indent: string): string[] {
  return doc.split('\n').map((l) => (l ? `${indent}${l.replace(/"""/g, '\\"\\"\\"')}` : ''));
}

const ARG_INDENT = '      ';

function argLines(params: readonly ParamSpec[]): string[] {
  if (!params.length) return [];
  return ['', '    Args:', ...params.map((p) => `${ARG_INDENT}${p.name} (${formatType(p.type)}${p.required ? ', required' : ''}): ${p.doc.replace(/\n/g, ' ')}`)];
}

/** A `def` with a docstring: an op, model, evaluator, optimizer, decay type or loss. */
function defBlock(name: string, signature: string, doc: string, params: readonly ParamSpec[], notes: string[]): Block {
  const docs = docLines(doc, '    ');
  const body = [...docs, ...argLines(params), ...(notes.length ? ['', ...notes.map((n) => `    ${n}`)] : [])];
  // Each argument's line: after `def`, the opening quotes, the doc, a blank line and `Args:`.
  const args = params.map((p, i) => ({ name: p.name, line: 2 + docs.length + 2 + i, column: ARG_INDENT.length }));
  return { name, lines: [`def ${signature}:`, '    """', ...body, '    """', ''], line: 0, column: 4, length: name.length, params: args };
}

/** A config key as a config sets it: `config.lr = 0.001` under its doc as comments. */
function keyBlock(path: string, type: string, doc: string, def: string | undefined, notes: string[]): Block {
  const target = `config.${path.split('.').map((s) => (s === '*' ? "['*']" : s)).join('.').replace(/\.\[/g, '[')}`;
  const comments = [...doc.split('\n'), `Type: ${type}.`, ...notes].map((l) => `# ${l}`.trimEnd());
  return { name: path, lines: [...comments, `${target} = ${def ?? '...'}`, ''], line: comments.length, column: 0, length: target.length };
}

function bundledNote(bundled: boolean | string): string {
  if (typeof bundled === 'string') return `Bundled trainer: ${bundled}.`;
  return bundled ? 'Runs in the bundled trainer and in upstream big_vision.' : 'Runs only with upstream big_vision.';
}

function file(title: string, blocks: Block[], into: RegistryDocs, ns: DocNamespace, name: string): void {
  const header = [`# ${title}`, '# Generated from the Big Vision Studio registry: a reference, not code to run or edit.', ''];
  const lines = [...header];
  for (const b of blocks) {
    into.index[ns][b.name] ??= { file: name, line: lines.length + b.line, character: b.column, length: b.length };
    // Arguments as `name.argument` (a model's kwargs, an evaluator's or optimizer's parameters).
    for (const p of b.params ?? []) into.index[ns][`${b.name}.${p.name}`] ??= { file: name, line: lines.length + p.line, character: p.column, length: p.name.length };
    lines.push(...b.lines);
  }
  into.files[name] = lines.join('\n');
}

function specs<T>(registry: Registry<T>): T[] {
  return registry.names().map((n) => registry.get(n) as T);
}

/** The reference files and their index, generated from the registry namespaces. */
export function registryDocs(): RegistryDocs {
  const docs: RegistryDocs = { files: {}, index: { pp: {}, model: {}, evaluator: {}, optimizer: {}, schedule: {}, loss: {}, config: {} } };
  file('pp ops, as pp strings call them (`decode|resize(224)|...`)', specs(ppOps).map((op) =>
    defBlock(op.name, formatSignature(op.name, op.params, op.varargs, op.kwargs), op.doc, op.params, [`Module: ${op.module}.`, bundledNote(op.bundled)])), docs, 'pp', 'pp_ops.py');
  file('Models (`config.model_name`); their keyword arguments go in `config.model`', specs(models).map((m) =>
    defBlock(m.name, formatSignature(m.name, m.kwargs), m.doc, m.kwargs, [`Module: ${m.file}.`, bundledNote(m.bundled), ...(m.broken ? [`Upstream: ${m.broken}`] : [])])), docs, 'model', 'models.py');
  file('Evaluators (`config.evals.<name>.type`)', specs(evaluators).map((e) =>
    defBlock(e.name, formatSignature(e.name, e.params), e.doc, e.params, [`Metrics: ${e.metrics.join(', ') || 'none'}.`, bundledNote(e.bundled)])), docs, 'evaluator', 'evaluators.py');
  file('Optimizers (`config.optax_name`), decay types (`config.schedule.decay_type`) and losses (`config.loss`)', [
    ...specs(optimizers).map((o) => ({ ...defBlock(o.name, formatSignature(o.name, o.params), o.doc, o.params, [`From ${o.source}.`, bundledNote(o.bundled)]), ns: 'optimizer' as const })),
    ...specs(decayTypes).map((s) => ({ ...defBlock(s.name, formatSignature(s.name, s.params), s.doc, s.params, [...(s.aliasOf ? [`Alias of ${s.aliasOf}.`] : []), bundledNote(s.bundled)]), ns: 'schedule' as const })),
    ...specs(losses).map((l) => ({ ...defBlock(l.name, `${l.name}(logits, labels)`, l.doc, [], [bundledNote(l.bundled)]), ns: 'loss' as const })),
  ].map((b) => ({ ...b, name: `${b.ns}:${b.name}` })), docs, 'optimizer', 'optimizers.py');
  // One file holds three namespaces: move their entries where they belong.
  for (const [key, entry] of Object.entries(docs.index.optimizer)) {
    const [ns, name] = key.split(':') as [DocNamespace, string];
    delete docs.index.optimizer[key];
    docs.index[ns][name] = entry;
  }
  file('Config keys big_vision.train reads (`*` stands for a name you choose)', specs(configKeys).map((k) =>
    keyBlock(k.path, formatType(k.type), k.doc, formatDefault({ name: k.path, type: k.type, doc: k.doc, ...('default' in k ? { default: k.default } : {}), ...(k.defaultText ? { defaultText: k.defaultText } : {}) }), [bundledNote(k.bundled)])), docs, 'config', 'config_keys.py');
  return docs;
}
