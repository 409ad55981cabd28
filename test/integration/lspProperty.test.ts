/**
 * Property test: thousands of random edits (brackets, quotes, pp fragments, line breaks, non-ASCII, deletions)
 * to real configs (configs/ and test/fixtures/configs/), sent to the language server over stdio with random
 * requests in between. The server never crashes, answers every request, and ends each run with diagnostics for
 * the final version whose ranges lie inside the document. BV_FC_RUNS sets the number of runs (default 150).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { fileUri, LspClient, positionAt, REPO } from './lspClient';
import { tempWorkspace } from './lspFixtures';

const CORPUS = ['configs', path.join('test', 'fixtures', 'configs')].flatMap((dir) =>
  fs.readdirSync(path.join(REPO, dir)).filter((f) => f.endsWith('.py')).map((f) => fs.readFileSync(path.join(REPO, dir, f), 'utf8')));

const TOKENS = [
  "'", '"', '"""', '(', ')', '[', ']', '{', '}', ':', ',', '=', '|', '.', '\n', '\n  ', '  ', '\t', '\\', '#', '*', '**',
  'config.', 'config.input.', 'dict(', "'decode|resize(", 'value_range(-1, 1)', ', key=', 'def ', 'lambda: ', 'return ',
  'get_config', ".get_ref('total_steps')", '1_000', 'f"{x}"', '😀', 'é', '\u00a0', 'None', 'import os\n', 'raise ValueError()',
];

const edit = fc.record({
  at: fc.nat(),
  del: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 40 })),
  insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.constant('')),
});
const request = fc.record({
  kind: fc.constantFrom('completion', 'hover', 'definition', 'symbols', 'inlay', 'codeAction', 'stats'),
  at: fc.nat(),
});
const step = fc.record({ edit, request: fc.option(request, { freq: 2 }) });

/** Keeps an offset off the second half of a surrogate pair (editors never split one). */
function clamp(text: string, at: number): number {
  let o = at % (text.length + 1);
  if (o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o])) o--;
  return o;
}

describe('language server under random edits (fast-check)', function () {
  this.timeout(180000);
  const ws = tempWorkspace();
  let client: LspClient;
  let run = 0;
  before(async () => {
    client = await LspClient.start({ settings: { tfdsDataDir: ws.tfds, evaluationTimeoutMs: 500 } });
  });
  after(async () => {
    const code = await client.stop();
    ws.cleanup();
    assert.equal(code, 0, client.log);
  });

  it('never crashes and always answers', async () => {
    const runs = Number(process.env.BV_FC_RUNS ?? 150);
    let edits = 0;
    await fc.assert(fc.asyncProperty(fc.nat({ max: CORPUS.length - 1 }), fc.array(step, { minLength: 1, maxLength: 30 }), async (which, steps) => {
      const uri = fileUri(ws.file(`random${run++}.py`));
      let text = CORPUS[which];
      await client.open(uri, text, false);
      for (const s of steps) {
        const from = clamp(text, s.edit.at);
        const to = clamp(text, Math.min(text.length, from + s.edit.del));
        const range = { start: positionAt(text, from), end: positionAt(text, Math.max(from, to)) };
        text = text.slice(0, from) + s.edit.insert + text.slice(Math.max(from, to));
        await client.change(uri, [{ range, text: s.edit.insert }]);
        edits++;
        if (!s.request) continue;
        const position = positionAt(text, clamp(text, s.request.at));
        const td = { textDocument: { uri } };
        const answer: unknown = await {
          completion: () => client.request('textDocument/completion', { ...td, position }),
          hover: () => client.request('textDocument/hover', { ...td, position }),
          definition: () => client.request('textDocument/definition', { ...td, position }),
          symbols: () => client.request('textDocument/documentSymbol', td),
          inlay: () => client.request('textDocument/inlayHint', { ...td, range: { start: { line: 0, character: 0 }, end: position } }),
          codeAction: () => client.request('textDocument/codeAction', { ...td, range: { start: position, end: position }, context: { diagnostics: client.diagnostics.get(uri)?.diagnostics ?? [] } }),
          stats: () => client.request('bigVision/analysisStats', { uri }),
        }[s.request.kind]();
        assert.ok(answer === null || typeof answer === 'object', `${s.request.kind} answered ${String(answer)}`);
      }
      // Every run ends with diagnostics for the final text (or none if it stopped being a config).
      const lines = text.split('\n');
      if (/^def[ \t]+get_config[ \t]*\(/m.test(text)) {
        const version = steps.length + 1;
        const published = await client.waitForDiagnostics(uri, version);
        for (const d of published.diagnostics) {
          for (const p of [d.range.start, d.range.end]) {
            assert.ok(p.line < lines.length && p.character <= lines[p.line].length, `diagnostic ${d.code} at ${JSON.stringify(d.range)} lies outside the document`);
          }
        }
      }
      await client.close(uri);
      assert.ok(client.alive, `the server died; log:\n${client.log}`);
    }), { numRuns: runs });
    assert.ok(edits >= runs, `only ${edits} edits`);
  });
});
