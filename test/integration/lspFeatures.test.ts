/**
 * Completion, hover, inlay hints, document symbols and go-to-definition over real stdio, table-driven with `§`
 * cursor markers. Completion cases are typed into an evaluated config as an incremental edit, as in an editor:
 * the server answers from the last good evaluation while the edited text is evaluated.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompletionItem, CompletionList, DocumentSymbol, Hover, InlayHint, Location, MarkupContent, TextEdit } from 'vscode-languageserver';
import { fileUri, LspClient, rangeOf, REPO, withCursor } from './lspClient';
import { BASE, tempWorkspace } from './lspFixtures';

/** Where a case line is typed: before `return config`. */
const RETURN = BASE.indexOf('  return config');

const COMPLETIONS: { line: string; want: string[]; not?: string[]; edit?: { label: string; newText: string; replaces: string } }[] = [
  { line: '  config.inp§', want: ['input'], edit: { label: 'input', newText: 'input', replaces: 'inp' } },
  { line: '  config.input.§', want: ['batch_size', 'data', 'pp', 'shuffle_buffer_size'], not: ['seed', 'lr'] },
  { line: '  config.model = dict(var§', want: ['variant=', 'pool_type=', 'posemb='], not: ['num_classes='] },
  { line: '  config.optax = dict(§', want: ['b1=', 'b2=', 'mu_dtype='] },
  { line: '  config.evals.val.l§', want: ['loss_name', 'log_steps', 'log_epochs'] },
  { line: "  config.input = {'batch_size': 1, 'sh§'}", want: ['shuffle_buffer_size'], not: ['batch_size'] },
  { line: "  config.input.pp = 'decode|res§'", want: ['resize', 'resize_small', 'value_range'], edit: { label: 'resize', newText: 'resize(${1:size})', replaces: 'res' } },
  // In the middle of a pp string: only the word being typed is replaced, the next op stays.
  { line: "  config.input.pp = 'decode|cen§|resize_small(256)'", want: ['central_crop'], edit: { label: 'central_crop', newText: 'central_crop', replaces: 'cen' } },
  { line: "  config.input.pp = 'decode|cen§resize_small(256)|central_crop(224)'", want: ['central_crop'], edit: { label: 'central_crop', newText: 'central_crop', replaces: 'cen' } },
  { line: "  config.input.pp = 'decode|res§central_crop(224)'", want: ['resize'], edit: { label: 'resize', newText: 'resize(${1:size})', replaces: 'res' } },
  { line: "  config.input.pp = 'decode|resize(224, m§)'", want: ['method='], not: ['size='] },
  { line: "  config.input.pp = 'decode|resize(224, method=§)'", want: ['"bilinear"', '"bicubic"'] },
  { line: "  config.model_name = '§'", want: ['vit', 'bit', 'mlp_mixer'] },
  { line: "  config.model.variant = 'B§'", want: ['B/16', 'S/16', 'So400m/14'] },
  { line: "  config.model_init = '§'", want: ['howto-i21k-B/16', 'i1k-s16-300ep'] },
  { line: "  config.evals.x = dict(type='§')", want: ['classification', 'fewshot_lsr'] },
  { line: "  config.optax_name = 's§'", want: ['scale_by_adam', 'big_vision.scale_by_adafactor'] },
  { line: "  config.schedule.decay_type = '§'", want: ['cosine', 'rsqrt', 'stair'] },
  { line: "  config.loss = '§'", want: ['softmax_xent', 'sigmoid_xent'] },
  { line: "  config.input.data = dict(name='m§')", want: ['mnist'] },
  { line: "  config.input.data = dict(name='mnist', split='§')", want: ['train', 'test', 'train[:99%]'] },
  { line: '  # config.§', want: [], not: ['input'] },
  { line: "  x = 'hello §'", want: [], not: ['resize', 'vit'] },
];

const md = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';

describe('language features over stdio', function () {
  this.timeout(60000);
  const ws = tempWorkspace();
  const uri = fileUri(ws.file('base.py'));
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ settings: { tfdsDataDir: ws.tfds } });
    await client.open(uri, BASE);
  });
  after(async () => {
    const code = await client.stop();
    ws.cleanup();
    assert.equal(code, 0, client.log);
  });

  describe('completion', () => {
    COMPLETIONS.forEach((c, i) => {
      it(`${c.line.trim()}`, async () => {
        const doc = fileUri(ws.file(`complete${i}.py`));
        await client.open(doc, BASE);
        const { text: line, position } = withCursor(`${c.line}\n`);
        const at = BASE.slice(0, RETURN).split('\n').length - 1;
        await client.change(doc, [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: line }]);
        const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: doc }, position: { line: at, character: position.character } });
        const labels = (list?.items ?? []).map((it) => it.label);
        for (const w of c.want) assert.ok(labels.includes(w), `'${w}' missing from ${JSON.stringify(labels.slice(0, 40))}`);
        for (const n of c.not ?? []) assert.ok(!labels.includes(n), `'${n}' should not be offered`);
        if (c.want.length === 0) assert.deepEqual(labels, []);
        if (c.edit) {
          const item = list!.items.find((it) => it.label === c.edit!.label) as CompletionItem;
          const te = item.textEdit as TextEdit;
          const from = line.indexOf(c.edit.replaces);
          assert.deepEqual(te, { newText: c.edit.newText, range: { start: { line: at, character: from }, end: { line: at, character: from + c.edit.replaces.length } } });
        }
        await client.close(doc);
      });
    });
  });

  describe('hover', () => {
    const table: { at: string; word: string; want: RegExp[] }[] = [
      { at: 'batch_si§ze=128', word: 'batch_size', want: [/\*\*input\.batch_size\*\*: `int` \(required\)/, /Value: `128`/] },
      { at: 'config.total_ep§ochs', word: 'total_epochs', want: [/Duration: 938 steps \(2 epochs × 60,000 examples \/ batch 128\)/] },
      // The value as Python wrote it: JSON would say 1.
      { at: 'config.grad_clip_n§orm', word: 'grad_clip_norm', want: [/\*\*grad_clip_norm\*\*/, /Value: `1\.0`/] },
      { at: 'warmup_per§cent', word: 'warmup_percent', want: [/Duration: 94 steps \(0\.1 × 938 total steps\)/] },
      { at: "'decode|resi§ze(28)", word: 'resize', want: [/```python\nresize\(size, method='bilinear'/, /ops_image/] },
      { at: "model_name = 'v§it'", word: 'vit', want: [/Vision Transformer/] },
      { at: "name='mn§ist', split='train'", word: 'mnist', want: [/`train`: 60,000 examples/, /`test`: 10,000 examples/] },
      { at: "split='tr§ain'", word: 'train', want: [/`mnist` split `train`: 60,000 examples/] },
      { at: "type='classifi§cation'", word: 'classification', want: [/\*\*evaluator\*\* `classification`: Top-1/, /compiled with `jax\.jit`/] },
      { at: "optax_name = 'scale_§by_adam'", word: 'scale_by_adam', want: [/\*\*optimizer\*\* `scale_by_adam`/] },
    ];
    for (const row of table) {
      it(`on ${row.word}`, async () => {
        const marked = BASE.replace(row.at.replace('§', ''), row.at);
        const { position } = withCursor(marked);
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
        for (const re of row.want) assert.match(md(hover), re);
        const occurrence = BASE.indexOf(row.at.replace('§', '')) + row.at.replace('§', '').indexOf(row.word);
        const start = withCursor(`${BASE.slice(0, occurrence)}§`).position;
        assert.deepEqual(hover!.range, { start, end: { line: start.line, character: start.character + row.word.length } });
      });
    }
    it('nothing on plain code', async () => {
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: withCursor(BASE.replace('def get_config', 'def §get_config')).position }), null);
    });
  });

  it("inlay hints: resolved durations, get_ref values and the model's size", async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
    const endOf = (needle: string) => rangeOf(BASE, needle).end;
    assert.deepEqual(hints.map((h) => ({ position: h.position, label: h.label })), [
      { position: endOf('config.total_epochs = arg.epochs'), label: '→ 938 steps' },
      { position: endOf("config.ckpt_steps = config.get_ref('log_training_steps') * 2"), label: '→ 100' },
      { position: endOf("config.model_name = 'vit'"), label: '→ 5.36M params, 0.543 GFLOPs/image at 28x28' },
      { position: endOf('warmup_percent=0.1'), label: '→ 94 steps' },
    ]);
  });

  it('document symbols on first open: answered once the opened version is evaluated, not empty', async () => {
    // The outline asks once, right after the open, and again only after an edit.
    const fresh = fileUri(ws.file('fresh.py'));
    await client.open(fresh, BASE, false);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: fresh } });
    assert.equal(symbols.length, 12);
    await client.close(fresh);
  });

  it('document symbols: the evaluated tree in source order, with ranges', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['total_epochs', 'log_training_steps', 'ckpt_steps', 'input', 'model_name', 'model', 'num_classes', 'optax_name', 'lr', 'grad_clip_norm', 'schedule', 'evals']);
    const input = symbols.find((s) => s.name === 'input')!;
    assert.deepEqual(input.range, rangeOf(BASE, "config.input = dict(data=dict(name='mnist', split='train'), batch_size=128)"));
    assert.deepEqual(input.selectionRange, rangeOf(BASE, 'input'));
    assert.deepEqual(input.children!.map((c) => [c.name, c.detail]), [['data', ''], ['batch_size', '128'], ['pp', "'decode|resize(28)|value_range(-1, 1)|onehot(10)'"]]);
    assert.deepEqual(input.children![0].range, rangeOf(BASE, "data=dict(name='mnist', split='train')"));
    assert.deepEqual(input.children![0].children!.map((c) => c.name), ['name', 'split']);
  });

  describe('definition', () => {
    /** The first line holding `needle` (after the first line holding `after`, when given). */
    const line = (file: string, needle: string, after?: string) => {
      const lines = fs.readFileSync(path.join(REPO, file), 'utf8').split('\n');
      const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
      return lines.findIndex((l, i) => i >= from && l.includes(needle));
    };
    const table: { at: string; file: string; needle: string; after?: string }[] = [
      { at: "'decode|resi§ze(28)", file: 'dist/registry/pp_ops.py', needle: 'def resize(' },
      { at: "model_name = 'v§it'", file: 'dist/registry/models.py', needle: 'def vit(' },
      { at: "type='classifi§cation'", file: 'dist/registry/evaluators.py', needle: 'def classification(' },
      { at: "optax_name = 'scale_§by_adam'", file: 'dist/registry/optimizers.py', needle: 'def scale_by_adam(' },
      { at: 'config.l§r = 0.001', file: 'dist/registry/config_keys.py', needle: 'config.lr = ' },
      { at: 'batch_si§ze=128', file: 'dist/registry/config_keys.py', needle: 'config.input.batch_size = ' },
      { at: "dict(ty§pe='classification'", file: 'dist/registry/config_keys.py', needle: "config.evals['*'].type = " },
      // A model kwarg lands on the argument of the config's model (model_name = 'vit').
      { at: "dict(vari§ant='Ti/4'", file: 'dist/registry/models.py', after: 'def vit(', needle: '      variant (' },
      { at: 'bvcc.parse_§arg(', file: 'runtime/src/config/python/big_vision/configs/common.py', needle: 'def parse_arg(' },
    ];
    for (const row of table) {
      it(`${row.at.replace('§', '')} → ${path.basename(row.file)}`, async () => {
        const { position } = withCursor(BASE.replace(row.at.replace('§', ''), row.at));
        const loc = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position });
        assert.ok(loc, 'no definition');
        assert.equal(loc.uri, fileUri(path.join(REPO, row.file)));
        assert.equal(loc.range.start.line, line(row.file, row.needle, row.after));
      });
    }
  });
});
