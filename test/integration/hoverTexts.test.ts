/**
 * Every hover reads as documentation: the server is asked for a hover on every word of our configs and of the
 * checker's fixtures (keys, values, pp ops, models, datasets, splits, durations), and no text may carry a
 * parenthesised internal note: remarks stacked in parentheses (`training length (total_percent cannot work)
 * (in epochs)`), or a parenthetical that speaks of the implementation (`(big_vision engine only)`, `(jit)`).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { fileUri, LspClient, makeTfdsDir, positionAt, REPO } from './lspClient';

/** Configs to hover over: configs/ and the checker's fixtures that define get_config. */
function configFiles(): string[] {
  const dirs = [path.join(REPO, 'configs'), path.join(REPO, 'test', 'fixtures', 'check')];
  return dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.py')).map((f) => path.join(d, f)))
    .filter((f) => /^def get_config\b/m.test(fs.readFileSync(f, 'utf8')));
}

/** Prose of a hover: code blocks and code spans removed (signatures and formulas may hold any parentheses). */
function prose(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, 'CODE');
}

/** Words of a parenthetical that belong to the implementation, not to the docs. */
const INTERNAL = /\b(?:cannot work|engine only|set by this config|jit|pmap|optax|big_vision|TODO|FIXME|XXX|hack|internal)\b/i;

/** The parenthesised internal notes of a hover text (empty when it reads as docs). */
export function internalNotes(markdown: string): string[] {
  const text = prose(markdown);
  const notes: string[] = [];
  // Parentheses inside parentheses, or one remark right after another: `a (b (c))`, `a (b) (c)`.
  for (const m of text.matchAll(/\([^()\n]*\([^()\n]*\)[^()\n]*\)|\([^()\n]*\)\s*\([^()\n]*\)/g)) notes.push(m[0]);
  for (const m of text.matchAll(/\(([^()\n]*)\)/g)) if (INTERNAL.test(m[1])) notes.push(m[0]);
  return notes;
}

describe('hover texts read as docs', function () {
  this.timeout(120000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-hover-'));
  // Sizes so that epoch durations resolve and dataset and split hovers have something to say.
  const tfds = makeTfdsDir(path.join(dir, 'tfds'), {
    mnist: { train: 60000, test: 10000 }, cifar10: { train: 50000, test: 10000 }, imagenet2012: { train: 1281167, validation: 50000 },
  });
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ settings: { tfdsDataDir: tfds } });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the scan finds the notes it looks for', () => {
    assert.deepEqual(internalNotes('training length (total_percent cannot work) (in epochs)').length, 2);
    assert.deepEqual(internalNotes('`big_vision/models/bit.py` (big_vision engine only)'), ['(big_vision engine only)']);
    assert.deepEqual(internalNotes('**evaluator** `classification` (jit): Top-1 precision'), ['(jit)']);
    assert.deepEqual(internalNotes('```python\nresize(size, method=(1, 2))\n```\nResizes (keeps the aspect) `f(g(x))`.'), []);
  });

  for (const file of configFiles()) {
    const name = path.relative(REPO, file);
    it(name, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const uri = fileUri(file);
      await client.open(uri, text);
      const bad: string[] = [];
      let hovers = 0;
      for (const m of text.matchAll(/\w+/g)) {
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, m.index + 1) });
        const value = (hover?.contents as MarkupContent | undefined)?.value;
        if (!value) continue;
        hovers++;
        const notes = internalNotes(value);
        if (notes.length) bad.push(`${m[0]} → ${notes.join(' ')}\n    ${value.split('\n').join('\n    ')}`);
      }
      await client.close(uri);
      // A fixture that does not evaluate has few hovers; our configs have many.
      if (name.startsWith('configs')) assert.ok(hovers >= 20, `only ${hovers} hovers`);
      assert.deepEqual(bad, [], `${name}:\n${bad.join('\n')}`);
    });
  }
});
