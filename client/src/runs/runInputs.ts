/**
 * What the Run command asks and derives, as pure functions: what the config's COMMAND comment suggests (shown as
 * a hint, and the first answers), overrides typed as a user types them on a command line, and the new run's
 * workdir name.
 */
import * as path from 'node:path';
import { configCommands } from '../../../runtime/src/cli/configCommand';
import { splitConfigArg } from '../../../runtime/src/cli/configFlags';

/** What a config's `# COMMAND:` line suggests for a run: its text (the hint), arg, overrides, engine and trainer. */
export interface CommandHint {
  text: string;
  arg?: string;
  overrides: string[];
  engine: 'tfjs' | 'big_vision';
  /** The upstream trainer module (`big_vision.trainers.proj.distill.distill`), for the big_vision engine. */
  trainer?: string;
}

/** The hint of the config's first COMMAND line; undefined when it has none (or one that is not a command). */
export function commandHint(source: string): CommandHint | undefined {
  let cmd;
  try {
    cmd = configCommands(source)[0];
  } catch {
    return undefined;
  }
  if (!cmd) return undefined;
  const { arg } = splitConfigArg(cmd.config);
  const trainer = cmd.engine === 'upstream' ? cmd.text.split(/\s+/)[2] : undefined;
  return { text: cmd.text, ...(arg !== undefined ? { arg } : {}), overrides: cmd.overrides, engine: cmd.engine === 'bundled' ? 'tfjs' : 'big_vision', ...(trainer && trainer !== 'big_vision.train' ? { trainer } : {}) };
}

/**
 * Overrides as typed: `lr=0.001 model.depth=12 --config.wd=1e-4 evals["val/x"].log_steps=5`, separated by
 * spaces outside quotes and brackets; a leading `--config.` is dropped. Throws on a piece without `=`.
 */
export function parseOverrides(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quote = '';
  for (const ch of text.trim()) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (/\s/.test(ch) && depth <= 0) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out.map((piece) => {
    const body = piece.replace(/^--config\./, '');
    if (!/^[^=]+=/.test(body)) throw new Error(`'${piece}' is not an override: write key=value, e.g. lr=0.001 or model.depth=12`);
    return body;
  });
}

/** A workdir name for a new run: `<config>[-<arg>]-<yyyymmdd-hhmmss>`, safe for any file system. */
export function newRunName(configFile: string, arg: string | undefined, now = new Date()): string {
  const stem = path.basename(configFile).replace(/\.py$/, '');
  const slug = (arg ?? '').replace(/[^\w.=-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return [stem, slug, stamp].filter(Boolean).join('-');
}
