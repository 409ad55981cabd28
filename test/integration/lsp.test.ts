/**
 * The language server over real stdio (a spawned process, JSON-RPC): diagnostics on open and after incremental
 * edits, quick fixes, which documents are served, and a looping config that must not block other requests.
 * Ranges and codes are asserted exactly.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type CodeAction, type CompletionList, type Diagnostic } from 'vscode-languageserver';
import { fileUri, LspClient, positionAt, rangeOf, REPO } from './lspClient';
import { BASE, PLANTED, tempWorkspace } from './lspFixtures';

const brief = (d: Diagnostic) => ({ code: d.code, severity: d.severity, range: d.range });
const message = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

describe('language server over stdio', function () {
  this.timeout(60000);
  const ws = tempWorkspace();
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ settings: { tfdsDataDir: ws.tfds, evaluationTimeoutMs: 1500 } });
  });
  after(async () => {
    const code = await client.stop();
    ws.cleanup();
    assert.equal(code, 0, `the server exited with ${code}; its log:\n${client.log}`);
  });

  describe('diagnostics on open', () => {
    const table: { code: string; severity: DiagnosticSeverity; needle: string }[] = [
      { code: 'unknown-key', severity: DiagnosticSeverity.Warning, needle: 'shedule' },
      { code: 'pp-unknown-op', severity: DiagnosticSeverity.Error, needle: 'value_rang' },
      { code: 'eval-unknown-key', severity: DiagnosticSeverity.Error, needle: 'cache_final=True' },
    ];
    let diagnostics: Diagnostic[];
    before(async () => {
      diagnostics = (await client.open(fileUri(ws.file('planted.py')), PLANTED))!.diagnostics;
    });
    for (const row of table) {
      it(`${row.code} at '${row.needle}'`, () => {
        const want = { code: row.code, severity: row.severity, range: rangeOf(PLANTED, row.needle) };
        assert.ok(diagnostics.map(brief).some((d) => JSON.stringify(d) === JSON.stringify(want)),
          `missing ${JSON.stringify(want)} in ${JSON.stringify(diagnostics.map(brief))}`);
      });
    }
    it('every diagnostic is ours (source big-vision)', () => {
      assert.ok(diagnostics.length >= table.length);
      for (const d of diagnostics) assert.equal(d.source, 'big-vision');
    });
    it('a clean config has no errors or warnings', async () => {
      const clean = (await client.open(fileUri(ws.file('clean.py')), BASE))!.diagnostics;
      assert.deepEqual(clean.filter((d) => d.severity! <= DiagnosticSeverity.Warning).map(brief), []);
    });
  });

  describe('incremental edits', () => {
    const uri = fileUri(ws.file('edited.py'));
    let text = PLANTED;
    /** Applies one didChange of range edits (`needle` → `replacement`, in order) to the server and to `text`. */
    async function edit(...pairs: [needle: string, replacement: string][]): Promise<Diagnostic[]> {
      const changes = pairs.map(([needle, replacement]) => {
        const range = rangeOf(text, needle);
        text = text.replace(needle, replacement);
        return { range, text: replacement };
      });
      const version = await client.change(uri, changes);
      const published = await client.waitForDiagnostics(uri, version);
      assert.equal(published.version, version);
      return published.diagnostics;
    }
    const codes = (ds: Diagnostic[]) => [...new Set(ds.filter((d) => d.severity! <= DiagnosticSeverity.Warning).map((d) => String(d.code)))].sort();
    before(() => client.open(uri, text));

    it('fixing a typo removes its diagnostic', async () => {
      assert.deepEqual(codes(await edit(['config.shedule = ', 'config.schedule = '])), ['eval-unknown-key', 'pp-unknown-op']);
    });
    it('an unclosed parenthesis is a syntax error at the parenthesis', async () => {
      const ds = await edit(['config.lr = 0.001', 'config.lr = (0.001']);
      const syntax = ds.find((d) => d.code === 'syntax-error');
      assert.ok(syntax, JSON.stringify(ds));
      const at = text.indexOf('(0.001');
      assert.deepEqual(syntax.range, { start: positionAt(text, at), end: positionAt(text, at + 1) });
      assert.equal(syntax.severity, DiagnosticSeverity.Error);
    });
    it('an exception is reported at the raising expression', async () => {
      const ds = await edit(['config.lr = (0.001', 'config.lr = 1 / 0']);
      const err = ds.find((d) => d.code === 'eval-error');
      assert.ok(err, JSON.stringify(ds));
      assert.deepEqual(err.range, rangeOf(text, '1 / 0'));
      assert.match(message(err), /ZeroDivisionError/);
    });
    it('two changes in one notification apply in order', async () => {
      assert.deepEqual(codes(await edit(['1 / 0', '0.001'], ['value_rang(', 'value_range('], [', cache_final=True', ''])), []);
    });
    it('a burst of edits is debounced into one analysis of the last version', async () => {
      const before = client.publishedVersions.get(uri)!.length;
      const versions: number[] = [];
      for (const digit of '23456') {
        const range = rangeOf(text, 'log_training_steps = 5');
        text = text.replace(/log_training_steps = 5\d/, `log_training_steps = 5${digit}`);
        versions.push(await client.change(uri, [{ range: { start: range.end, end: { ...range.end, character: range.end.character + 1 } }, text: digit }]));
      }
      const last = versions[versions.length - 1];
      await client.waitForDiagnostics(uri, last);
      const published = client.publishedVersions.get(uri)!.slice(before);
      assert.deepEqual(published.filter((v) => v !== versions[0]), [last], 'only the last version of the burst (and perhaps the first) was analysed');
      const stats = await client.request<{ version: number; debounceMs: number }>('bigVision/analysisStats', { uri });
      assert.deepEqual([stats.version, stats.debounceMs], [last, 20]);
    });
    it('a whole-document change replaces the text', async () => {
      text = PLANTED;
      const version = await client.change(uri, [{ text }]);
      const published = await client.waitForDiagnostics(uri, version);
      assert.ok(published.diagnostics.some((d) => d.code === 'unknown-key' && JSON.stringify(d.range) === JSON.stringify(rangeOf(text, 'shedule'))));
    });
  });

  describe('code actions', () => {
    const uri = fileUri(ws.file('fix.py'));
    let typo: Diagnostic;
    before(async () => {
      const ds = (await client.open(uri, PLANTED))!.diagnostics;
      typo = ds.find((d) => d.code === 'unknown-key' && message(d).includes("'shedule'"))!;
      assert.ok(typo, JSON.stringify(ds));
    });
    const expected = () => [{ range: rangeOf(PLANTED, 'shedule'), newText: 'schedule' }];
    it('a typo diagnostic offers its suggestion as the preferred quick fix', async () => {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
      assert.equal(actions.length, 1);
      assert.equal(actions[0].kind, 'quickfix');
      assert.equal(actions[0].isPreferred, true);
      assert.deepEqual(actions[0].edit?.changes?.[uri], expected());
    });
    it('the fix is found without the diagnostic data too', async () => {
      const bare = { ...typo, data: undefined };
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [bare] } });
      assert.deepEqual(actions[0]?.edit?.changes?.[uri], expected());
    });
    it("other servers' diagnostics get no actions from us", async () => {
      const foreign = { ...typo, source: 'Pylance', data: undefined };
      assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [foreign] } }), []);
    });
  });

  describe('which documents are served', () => {
    it('Python without get_config is left alone until a glob names it', async () => {
      const plain = fileUri(ws.file('notes_cfg.py'));
      await client.open(plain, "import os\nx = 'decode|resize(2)'\n", false);
      // A config opened after it gets its diagnostics; the plain file got none (analyses start on open).
      await client.open(fileUri(ws.file('after.py')), BASE);
      assert.equal(client.diagnostics.has(plain), false);
      const items = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: plain }, position: { line: 1, character: 12 } });
      assert.equal(items, null);
      client.settings = { ...client.settings, configGlobs: ['**/*_cfg.py'] };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const published = await client.waitForDiagnostics(plain, 1);
      assert.ok(published.diagnostics.length > 0, 'a glob-matched file without get_config is analysed');
    });
  });

  describe('problems in a helper module the config imports', () => {
    const dir = path.join(REPO, 'test', 'fixtures', 'check', 'checkout', 'big_vision', 'configs');
    const config = { uri: fileUri(path.join(dir, 'uses_helper.py')), text: fs.readFileSync(path.join(dir, 'uses_helper.py'), 'utf8') };
    const helper = { uri: fileUri(path.join(dir, 'helpers.py')), text: fs.readFileSync(path.join(dir, 'helpers.py'), 'utf8') };
    const ours = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'pp-unknown-op').map((d) => ({ range: d.range, message: message(d) }));
    const atCall = () => [{ range: rangeOf(config.text, "config.evals.val = helpers.get_eval('test')"), message: "helpers.py:4: Unknown pp op 'mapp' in a pp string stored under 'pp_img' (upstream raises KeyError if it runs)." }];

    it('while the helper is not open, at the call of the helper, naming where it lies', async () => {
      assert.deepEqual(ours((await client.open(config.uri, config.text))!.diagnostics), atCall());
    });
    it('once the helper is open, in the helper itself (and no longer in the config)', async () => {
      const published = client.waitForNextDiagnostics(helper.uri);
      await client.open(helper.uri, helper.text, false);
      assert.deepEqual(ours((await published).diagnostics).map((d) => d.range), [rangeOf(helper.text, 'mapp')]);
      assert.deepEqual(ours(client.diagnostics.get(config.uri)!.diagnostics), []);
    });
    it('when the helper closes, back at the call', async () => {
      const published = client.waitForNextDiagnostics(config.uri);
      await client.close(helper.uri);
      assert.deepEqual(ours((await published).diagnostics), atCall());
      assert.deepEqual(client.diagnostics.get(helper.uri)!.diagnostics, []);
      await client.close(config.uri);
    });
  });

  describe('a looping config', () => {
    it('never blocks completion and hover, is reported as busy, and an edit cancels its evaluation', async () => {
      const uri = fileUri(ws.file('loop.py'));
      const looping = BASE.replace('  return config', '  while True:\n    pass\n  return config');
      await client.open(uri, looping, false);
      const line = looping.split('\n').findIndex((l) => l.startsWith('  config.lr'));
      const items = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character: 9 } });
      const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 10 } });
      assert.equal(client.diagnostics.has(uri), false, 'completion answered only after the evaluation ended');
      assert.ok(items.items.some((i) => i.label === 'lr'));
      assert.ok(hover);
      const busy = await client.waitForStatus((s) => s.uri === uri && s.health === 'busy');
      assert.match(String(busy.message), /endless loop/);
      const version = await client.change(uri, [{ range: rangeOf(looping, '  while True:\n    pass\n'), text: '' }]);
      const published = await client.waitForDiagnostics(uri, version);
      assert.equal(published.version, version);
      assert.equal(published.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length, 0);
    });
  });

  describe('status', () => {
    it('reports its state with bigVision/status', () => {
      assert.ok(client.statuses.some((s) => s.health === 'ok'), JSON.stringify(client.statuses));
    });
  });
});
