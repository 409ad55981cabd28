/**
 * Completion: config keys after `config.` (and as `dict(...)` keywords or `{...}` keys) by where they sit, with
 * type and doc; inside strings, pp op names and argument snippets, model names and variants, checkpoint names,
 * evaluator types, optax names, decay types, losses, TFDS dataset names and split syntax. Reads only the buffer
 * and the last good evaluation, so it answers while an evaluation runs or loops.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver';
import type { JsonValue } from '../../../runtime/src/config';
import { cursorContext, sourceRange, type CursorContext, type StringContext } from '../../../runtime/src/pyparse';
import type { ConfigDocument } from '../documents';
import type { DatasetCatalog } from './datasets';
import { childKeys, keyTypeText } from './keyCatalog';
import { ppCursor } from './ppCursor';
import { kindAt, shortValue, type Evaluated } from './pyValue';
import {
  COMMON_VIT_VARIANTS, decayTypes, evaluators, formatOpSignature, formatType, losses, MIXER_SIZES, models, optimizers, ppOps,
  pyRepr, valueAt, type OpSpec, type ParamSpec,
} from './registryView';
import { stringKind } from './stringKinds';

/** Characters after which the client should ask for completion. */
export const COMPLETION_TRIGGERS = ['.', "'", '"', '|', '(', ',', '='];

const SPLIT_TEMPLATES = ['[:99%]', '[99%:]', '[:1000]', '[1000:]', '[:10%]'];

export class CompletionService {
  constructor(private readonly datasets: DatasetCatalog) {}

  doComplete(doc: ConfigDocument, position: Position, evaluated: Evaluated | undefined): CompletionList {
    try {
      const offset = doc.doc.offsetAt(position);
      const ctx = cursorContext(doc, offset);
      const items = this.items(doc, ctx, evaluated);
      return { isIncomplete: false, items };
    } catch (err) {
      console.error(`completion in ${doc.file} failed: ${(err as Error).stack ?? String(err)}`);
      return { isIncomplete: false, items: [] };
    }
  }

  private items(doc: ConfigDocument, ctx: CursorContext, evaluated: Evaluated | undefined): CompletionItem[] {
    const config = evaluated?.config;
    const range = (start: number, end: number): Range => ({ start: doc.doc.positionAt(start), end: doc.doc.positionAt(end) });
    const { attribute: a, dictKey: d } = ctx;
    if (d) return d.keyPath ? this.keyItems(doc, d.keyPath.map(String), evaluated, d.form === 'keyword' ? '=' : '', range(d.start, d.end), d.present) : [];
    if (ctx.string) return this.stringItems(ctx.string, config, range);
    if (a?.keyPath) return this.keyItems(doc, a.keyPath.map(String), evaluated, '', range(a.start, a.end), []);
    return [];
  }

  /** Keys for `path`; `suffix` is `=` for keyword arguments. */
  private keyItems(doc: ConfigDocument, path: string[], evaluated: Evaluated | undefined, suffix: string, range: Range, written: string[]): CompletionItem[] {
    const config = evaluated?.config;
    const keys = childKeys(path, config, doc.text) ?? [];
    const items: CompletionItem[] = keys.filter((k) => !written.includes(k.name)).map((k, i) => ({
      label: `${k.name}${suffix}`,
      filterText: k.name,
      kind: CompletionItemKind.Field,
      detail: `${keyTypeText(k)}${k.defaultText !== undefined ? ` = ${k.defaultText}` : ''}${k.required ? ' (required)' : ''}`,
      documentation: { kind: MarkupKind.Markdown, value: `${k.doc}\n\n_${k.origin}_${currentValue(evaluated, [...path, k.name])}` },
      sortText: `${k.required ? '0' : '1'}${String(i).padStart(4, '0')}`,
      textEdit: { range, newText: `${k.name}${suffix}` },
    }));
    // Keys this config sets that the registry does not describe (its own helpers, like `aug`).
    const here = valueAt(config, path);
    if (here && typeof here === 'object' && !Array.isArray(here)) {
      const known = new Set(keys.map((k) => k.name));
      for (const name of Object.keys(here)) {
        if (known.has(name) || written.includes(name) || !/^[A-Za-z_]\w*$/.test(name)) continue;
        items.push({ label: `${name}${suffix}`, filterText: name, kind: CompletionItemKind.Variable, detail: `set in this config: ${shortValue(here[name], kindAt(evaluated, [...path, name]))}`, sortText: `2${name}`, textEdit: { range, newText: `${name}${suffix}` } });
      }
    }
    return items;
  }

  private stringItems(ctx: StringContext, config: JsonValue | undefined, range: (s: number, e: number) => Range): CompletionItem[] {
    const kind = stringKind(ctx);
    if (!kind) return [];
    const whole = range(ctx.contentStart, ctx.contentEnd);
    const values = (names: readonly string[], itemKind: CompletionItemKind, detail: (n: string) => string | undefined, doc?: (n: string) => string | undefined): CompletionItem[] =>
      names.map((name, i) => ({
        label: name, kind: itemKind, detail: detail(name), sortText: String(i).padStart(4, '0'),
        ...(doc?.(name) ? { documentation: { kind: MarkupKind.Markdown, value: doc(name)! } } : {}),
        textEdit: { range: whole, newText: name },
      }));
    const modelName = typeof valueAt(config, ['model_name']) === 'string' ? (valueAt(config, ['model_name']) as string) : undefined;
    switch (kind) {
      case 'pp':
        return this.ppItems(ctx, range);
      case 'model_name':
        return values(models.names(), CompletionItemKind.Module, (n) => models.get(n)?.doc, (n) => modelDoc(n));
      case 'variant': {
        const model = modelName ? models.get(modelName) : undefined;
        const names = model?.variants === 'mixer'
          ? Object.keys(MIXER_SIZES).flatMap((s) => [`${s}/32`, `${s}/16`])
          : COMMON_VIT_VARIANTS;
        return values(names, CompletionItemKind.EnumMember, () => `${model?.variants ?? 'vit'} variant`);
      }
      case 'model_init': {
        const names = (modelName ? models.get(modelName)?.vanityNames : undefined) ?? models.list().flatMap((m) => m.vanityNames);
        return values([...new Set(names)], CompletionItemKind.Constant, () => 'checkpoint name');
      }
      case 'evaluator':
        return values(evaluators.names(), CompletionItemKind.Class, (n) => `${evaluators.get(n)?.api} evaluator`, (n) => evaluators.get(n)?.doc);
      case 'optax_name':
        return values(optimizers.names(), CompletionItemKind.Function, (n) => optimizers.get(n)?.source === 'big_vision' ? 'big_vision optimizer' : 'optax', (n) => optimizers.get(n)?.doc);
      case 'decay_type':
        return values(decayTypes.names(), CompletionItemKind.EnumMember, () => 'decay_type', (n) => decayTypes.get(n)?.doc);
      case 'loss':
        return values(losses.names(), CompletionItemKind.Function, () => 'loss', (n) => losses.get(n)?.doc);
      case 'dataset':
        return values(this.datasets.names(), CompletionItemKind.Folder, () => `TFDS dataset in ${this.datasets.dir}`, (n) => datasetDoc(this.datasets, n));
      case 'split':
        return this.splitItems(ctx, config, whole);
    }
  }

  private splitItems(ctx: StringContext, config: JsonValue | undefined, whole: Range): CompletionItem[] {
    const dataset = datasetOf(ctx, config);
    const info = typeof dataset === 'string' ? this.datasets.info(dataset) : undefined;
    const splits = info ? Object.keys(info.splits) : ['train', 'validation', 'test'];
    const items: CompletionItem[] = splits.map((s, i) => ({
      label: s, kind: CompletionItemKind.EnumMember, sortText: `0${i}`,
      detail: info ? `${info.splits[s].toLocaleString('en-US')} examples` : 'TFDS split',
      textEdit: { range: whole, newText: s },
    }));
    // Slicing syntax on the first split: TFDS accepts [a:b], percentages and `+`.
    const base = splits[0];
    SPLIT_TEMPLATES.forEach((t, i) => items.push({
      label: `${base}${t}`, kind: CompletionItemKind.Snippet, sortText: `1${i}`, detail: 'TFDS split slice',
      documentation: 'Slices take example indices or percentages; `+` joins splits, e.g. `train[:99%]+validation`.',
      textEdit: { range: whole, newText: `${base}${t}` },
    }));
    return items;
  }

  private ppItems(ctx: StringContext, range: (s: number, e: number) => Range): CompletionItem[] {
    const value = ctx.value;
    const at = ppCursor(value, ctx.valueOffset);
    const span = (from: number, to: number): Range => {
      const r = sourceRange(ctx, from, to);
      return range(r.start, r.end);
    };
    // Inside a Python string, pp literals use the other kind of quote.
    const q = ctx.quote.includes('"') ? "'" : '"';
    if (at.where === 'name') {
      // The word being typed ends at the cursor: name characters after it belong to the op already written there
      // (`decode|cen§resize_small(256)`), and so does its `(` unless the typed word is the whole name.
      const typedEnd = Math.max(at.piece.nameStart, Math.min(ctx.valueOffset, at.piece.nameEnd));
      const r = span(at.piece.nameStart, typedEnd);
      const hasParens = at.piece.open >= 0 && typedEnd === at.piece.nameEnd;
      return ppOps.list().map((op, i) => ({
        label: op.name,
        kind: CompletionItemKind.Function,
        detail: formatOpSignature(op),
        documentation: { kind: MarkupKind.Markdown, value: opDoc(op) },
        sortText: `${op.module.startsWith('ops_') ? '0' : '1'}${String(i).padStart(3, '0')}`,
        ...(hasParens ? { textEdit: { range: r, newText: op.name } } : opSnippet(op, r, q)),
      }));
    }
    const op = ppOps.get(at.piece.name);
    if (!op) return [];
    const params = op.params;
    if (at.keyword) {
      const p = params.find((x) => x.name === at.keyword);
      if (!p?.choices) return [];
      const valueStart = at.argStart + at.argBefore.indexOf('=') + 1;
      let valueEnd = valueStart;
      while (valueEnd < value.length && !/[,)|]/.test(value[valueEnd])) valueEnd++;
      const r = span(valueStart, valueEnd);
      return p.choices.map((c, i) => ({
        label: typeof c === 'string' ? `${q}${c}${q}` : pyRepr(c),
        kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(3, '0'), detail: `${p.name} of ${op.name}`,
        textEdit: { range: r, newText: typeof c === 'string' ? `${q}${c}${q}` : pyRepr(c) },
      }));
    }
    // A keyword name (also where a positional value could go: both are offered).
    const wordStart = at.argStart + (at.argBefore.length - at.argBefore.trimStart().length);
    let wordEnd = wordStart;
    while (wordEnd < value.length && /\w/.test(value[wordEnd])) wordEnd++;
    const r = span(wordStart, Math.max(wordEnd, ctx.valueOffset));
    const positional = op.params.filter((p) => !p.keywordOnly);
    return params
      .filter((p) => !at.used.includes(p.name) && !(positional.indexOf(p) >= 0 && positional.indexOf(p) < at.positional))
      .map((p, i) => ({
        label: `${p.name}=`,
        kind: CompletionItemKind.Property,
        detail: `${formatType(p.type)}${p.required ? ' (required)' : ''}`,
        documentation: { kind: MarkupKind.Markdown, value: paramDoc(p) },
        sortText: String(i).padStart(3, '0'),
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: r, newText: `${p.name}=${p.type === 'str' ? `${q}$1${q}` : '$1'}` },
      }));
  }
}

function opSnippet(op: OpSpec, range: Range, q: string): Pick<CompletionItem, 'textEdit' | 'insertTextFormat'> {
  const required = op.params.filter((p) => p.required && !p.keywordOnly);
  if (!required.length) return { textEdit: { range, newText: op.name } };
  const args = required.map((p, i) => (p.type === 'str' ? `${q}\${${i + 1}:${p.name}}${q}` : `\${${i + 1}:${p.name}}`));
  return { insertTextFormat: InsertTextFormat.Snippet, textEdit: { range, newText: `${op.name}(${args.join(', ')})` } };
}

function opDoc(op: OpSpec): string {
  const where = op.module.startsWith('ops_') ? `\`${op.module}\` (loaded by default)` : `\`${op.module}\` (add it to \`config.pp_modules\`)`;
  return `\`\`\`python\n${formatOpSignature(op)}\n\`\`\`\n${op.doc}\n\nRegistered by ${where}.${op.bundled ? '' : ' Runs only in the big_vision engine, not in the bundled trainer.'}`;
}

function paramDoc(p: ParamSpec): string {
  return `\`${p.name}\`: ${formatType(p.type)}${p.required ? ', required' : ''}\n\n${p.doc}${p.choices ? `\n\nOne of ${p.choices.map((c) => `\`${pyRepr(c)}\``).join(', ')}.` : ''}`;
}

function modelDoc(name: string): string | undefined {
  const m = models.get(name);
  return m && `${m.doc}\n\n\`${m.file}\`${m.broken ? `\n\n**Broken upstream:** ${m.broken}` : ''}`;
}

function datasetDoc(datasets: DatasetCatalog, name: string): string | undefined {
  const info = datasets.info(name);
  return info && `${name} ${info.version}\n\n${Object.entries(info.splits).map(([s, n]) => `- \`${s}\`: ${n.toLocaleString('en-US')} examples`).join('\n')}`;
}

/** The dataset a split string belongs to: the `name` beside it, else the evaluated one. */
export function datasetOf(ctx: StringContext, config: JsonValue | undefined): JsonValue | undefined {
  return ctx.siblingValues.name ?? (ctx.keyPath ? valueAt(config, [...ctx.keyPath.slice(0, -1), 'name']) : undefined);
}

function currentValue(evaluated: Evaluated | undefined, path: string[]): string {
  const v = valueAt(evaluated?.config, path);
  return v === undefined ? '' : `\n\nCurrently \`${shortValue(v, kindAt(evaluated, path))}\``;
}
