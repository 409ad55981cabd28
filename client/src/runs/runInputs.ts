/**
 * What the Run command asks and derives, as pure functions: the config's COMMAND comment (shown as a hint when
 * asking for the arg), overrides typed as a user types them on a command line, and the new run's workdir name.
 */
import * as path from 'node:path';

/**
 * The command lines of a config's `# COMMAND:` comment (the line after it, or the rest of its own line; commands
 * may continue on following `#   ` lines).
 */
export function commandHints(source: string): string[] {
  const lines = source.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^#\s*COMMAND:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    if (m[1].trim()) out.push(m[1].trim());
    for (let j = i + 1; j < lines.length && /^#\s{2,}\S/.test(lines[j]); j++) {
      const text = lines[j].replace(/^#\s+/, '').trim();
      if (/^(bv|python|npx)\b/.test(text)) out.push(text);
    }
  }
  return out;
}

/** The `FILE:ARG` arg a command line passes for `file` (`--config configs/x.py:steps=300`), if any. */
export function argFromCommand(command: string, file: string): string | undefined {
  const base = path.basename(file);
  const m = new RegExp(`--config[= ]\\S*${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\S+)`).exec(command);
  return m?.[1];
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
