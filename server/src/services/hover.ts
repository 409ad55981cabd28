/**
 * Hover: the doc of a config key (type, default, origin) with its evaluated value and, for durations, the steps
 * they resolve to; inside strings, the pp op under the cursor (signature and doc) or the model, evaluator,
 * optimizer, decay type, loss, dataset (splits and sizes) or split (examples) the string names.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { JsonValue } from '../../../runtime/src/config';
import { cursorContext, sourceRange, type StringContext } from '../../../runtime/src/pyparse';
import type { ConfigDocument } from '../documents';
import { datasetOf } from './completion';
import type { DatasetCatalog } from './datasets';
import { describeDuration, durationAt } from './durationView';
import { describeKey, keyTypeText } from './keyCatalog';
import { ppCursor } from './ppCursor';
import { kindAt, shortValue, type Evaluated } from './pyValue';
import {
  decayTypes, evaluators, formatOpSignature, formatType, isObject, losses, MIXER_SIZES, models, optimizers, ppOps, pyRepr, valueAt, VIT_SIZES,
} from './registryView';
import { modelFactsHover } from './modelFactsView';
import { modelInitHover } from './modelInitView';
import { stringKind } from './stringKinds';

const UPSTREAM_ONLY = 'Runs only with upstream big_vision, not in the bundled trainer.';

/** A key path as a config writes it: `schedule[0][1].warmup_steps`, `evals.val.pp_fn`. */
function keyTitle(path: readonly string[]): string {
  return path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s)).join('');
}

/** `\`classification\`` for an eval entry, with where that type comes from when it is not written. */
function evalTypeText(name: string, entry: JsonValue | undefined): string {
  const type = isObject(entry) && typeof entry.type === 'string' ? entry.type : undefined;
  return type ? `\`${type}\`` : `\`${name}\`, the eval's name, as it sets no \`type\``;
}

export class HoverService {
  constructor(private readonly datasets: DatasetCatalog) {}

  doHover(doc: ConfigDocument, position: Position, evaluated: Evaluated | undefined): Hover | null {
    try {
      return this.hover(doc, doc.doc.offsetAt(position), evaluated);
    } catch (err) {
      console.error(`hover in ${doc.file} failed: ${(err as Error).stack ?? String(err)}`);
      return null;
    }
  }

  private hover(doc: ConfigDocument, offset: number, evaluated: Evaluated | undefined): Hover | null {
    const config = evaluated?.config;
    const text = doc.text;
    const ctx = cursorContext(doc, offset);
    const range = (s: number, e: number) => ({ start: doc.doc.positionAt(s), end: doc.doc.positionAt(e) });
    const md = (value: string, s: number, e: number): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: range(s, e) });
    if (ctx.comment) return null;
    if (ctx.dictKey?.form === 'string') {
      const { keyPath, start, end } = ctx.dictKey;
      const body = keyPath && ctx.string ? this.keyHover(doc, [...keyPath.map(String), ctx.string.value], evaluated) : undefined;
      return body ? md(body, start, end) : null;
    }
    if (ctx.string) {
      const found = this.stringHover(ctx.string, config);
      return found ? md(found.value, found.start, found.end) : null;
    }
    // The identifier under the cursor, read as if it were being typed: `config.input.batch_size` or `batch_size=`.
    let start = offset;
    while (start > 0 && /\w/.test(text[start - 1])) start--;
    let end = offset;
    while (end < text.length && /\w/.test(text[end])) end++;
    if (start === end) return null;
    const word = text.slice(start, end);
    const at = cursorContext(doc, end);
    const keyPath = at.attribute?.keyPath ?? (at.dictKey?.form === 'keyword' && /^\s*=(?!=)/.test(text.slice(end, end + 4)) ? at.dictKey.keyPath : undefined);
    const body = keyPath && this.keyHover(doc, [...keyPath.map(String), word], evaluated);
    return body ? md(body, start, end) : null;
  }

  /** Doc, value and duration of the config key at `path`. */
  private keyHover(doc: ConfigDocument, path: string[], evaluated: Evaluated | undefined): string | undefined {
    const config = evaluated?.config;
    const info = describeKey(path, config, doc.text);
    const value = valueAt(config, path);
    if (!info && value === undefined) return undefined;
    const lines: string[] = [];
    const title = `**${keyTitle(path)}**`;
    if (info) {
      lines.push(`${title}: \`${keyTypeText(info)}\`${info.defaultText !== undefined ? ` = \`${info.defaultText}\`` : ''}${info.required ? ' (required)' : ''}`);
      lines.push('', info.doc, '', `_${info.origin}_`);
    } else if (path.length === 2 && path[0] === 'evals') {
      lines.push(`${title}: an eval, run by the evaluator ${evalTypeText(path[1], valueAt(config, path))}`);
    } else {
      lines.push(`${title}: not a key big_vision reads; this config sets it for its own use`);
    }
    if (value !== undefined) lines.push('', `Value: \`${shortValue(value, kindAt(evaluated, path))}\``);
    const duration = durationAt(config, path, this.datasets.dir);
    if (duration) lines.push('', `Duration: ${describeDuration(duration)}`);
    return lines.join('\n');
  }

  private stringHover(ctx: StringContext, config: JsonValue | undefined): { value: string; start: number; end: number } | undefined {
    const kind = stringKind(ctx);
    const whole = { start: ctx.contentStart, end: ctx.contentEnd };
    const value = ctx.value;
    switch (kind) {
      case 'pp': {
        const at = ppCursor(value, ctx.valueOffset);
        const op = ppOps.get(at.piece.name);
        const span = (from: number, to: number) => sourceRange(ctx, from, to);
        if (!op) return undefined;
        if (at.where === 'args' && ctx.valueOffset < at.argStart + at.argBefore.length + 1) {
          const kw = /^\s*([A-Za-z_]\w*)/.exec(value.slice(at.argStart));
          const p = kw && op.params.find((x) => x.name === kw[1]);
          const wordStart = kw ? at.argStart + kw[0].length - kw[1].length : 0;
          if (p && ctx.valueOffset >= wordStart && ctx.valueOffset <= wordStart + kw[1].length) {
            return {
              value: `\`${p.name}\` of \`${op.name}\`: ${formatType(p.type)}${p.required ? ', required' : p.default !== undefined ? `, default \`${pyRepr(p.default)}\`` : ''}\n\n${p.doc}`,
              ...span(wordStart, wordStart + kw[1].length),
            };
          }
        }
        const where = op.module.startsWith('ops_') ? `\`${op.module}\`, loaded by default` : `\`${op.module}\`, which \`config.pp_modules\` must list`;
        return {
          value: `\`\`\`python\n${formatOpSignature(op)}\n\`\`\`\n${op.doc}\n\npp op from ${where}. ${op.bundled ? 'Runs in the bundled trainer too.' : UPSTREAM_ONLY}`,
          ...span(at.piece.nameStart, at.piece.nameEnd),
        };
      }
      case 'model_name': {
        const m = models.get(value);
        const facts = modelFactsHover(config, ctx.keyPath, value);
        return m && { value: `**model** \`${m.name}\`: ${m.doc}\n\n\`${m.file}\`${m.bundled ? '' : `. ${UPSTREAM_ONLY}`}${m.broken ? `\n\n**Broken upstream:** ${m.broken}` : ''}${facts ? `\n\n${facts}` : ''}`, ...whole };
      }
      case 'variant': {
        const [size, patch] = value.split('/');
        const facts = modelFactsHover(config, ctx.keyPath, value);
        const mixer = isObject(config) && config.model_name === 'mlp_mixer' ? MIXER_SIZES[size] : undefined;
        if (mixer) {
          const sizes = `**Mixer-${size}**${patch ? `/${patch}` : ''}: hidden ${mixer.hiddenDim}, blocks ${mixer.numBlocks}, channel MLP ${mixer.channelsMlpDim}, token MLP ${mixer.tokensMlpDim}`;
          return { value: facts ? `${sizes}\n\n${facts}` : sizes, ...whole };
        }
        const s = VIT_SIZES[size];
        return s && { value: `**ViT-${size}**${patch ? `/${patch}` : ''}: width ${s.width}, depth ${s.depth}, MLP ${s.mlpDim}, heads ${s.heads}${patch ? `, patch ${patch}×${patch}` : ''}${facts ? `\n\n${facts}` : ''}`, ...whole };
      }
      case 'model_init':
        return { value: modelInitHover(value, config), ...whole };
      case 'evaluator': {
        const e = evaluators.get(value);
        if (!e) return undefined;
        const api = `Its predict function is compiled with \`${e.api === 'jit' ? 'jax.jit' : 'jax.pmap'}\`.`;
        return { value: `**evaluator** \`${e.name}\`: ${e.doc}${e.metrics.length ? `\n\nMetrics: ${e.metrics.map((m) => `\`${m}\``).join(', ')}` : ''}\n\n${api}${e.bundled ? '' : ` ${UPSTREAM_ONLY}`}${e.broken ? `\n\n**Broken upstream:** ${e.broken}` : ''}`, ...whole };
      }
      case 'optax_name': {
        const o = optimizers.get(value);
        if (!o) return undefined;
        const from = o.source === 'big_vision' ? 'big_vision/optax.py' : o.source;
        return { value: `**optimizer** \`${o.name}\` from ${from}: ${o.doc}${o.params.length ? `\n\nKwargs (\`config.optax\`): ${o.params.map((p) => `\`${p.name}\``).join(', ')}` : ''}`, ...whole };
      }
      case 'decay_type': {
        const d = decayTypes.get(value);
        return d && { value: `**decay_type** \`${d.name}\`: ${d.doc}`, ...whole };
      }
      case 'loss': {
        const l = losses.get(value);
        return l && { value: `**loss** \`${l.name}\`: ${l.doc}`, ...whole };
      }
      case 'dataset': {
        const info = this.datasets.info(value);
        if (!info) return { value: `TFDS dataset \`${value}\`: not found in ${this.datasets.dir}`, ...whole };
        return { value: `**${value}** ${info.version}\n\n${Object.entries(info.splits).map(([s, n]) => `- \`${s}\`: ${n.toLocaleString('en-US')} examples`).join('\n')}`, ...whole };
      }
      case 'split': {
        const dataset = datasetOf(ctx, config);
        if (typeof dataset !== 'string') return undefined;
        const size = this.datasets.splitSize(dataset, value);
        return size === undefined ? undefined : { value: `\`${dataset}\` split \`${value}\`: ${size.toLocaleString('en-US')} examples`, ...whole };
      }
      default:
        return undefined;
    }
  }
}
