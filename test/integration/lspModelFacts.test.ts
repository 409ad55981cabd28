/**
 * Model facts in the editor over stdio: the hover of `model_name` and `model.variant` carries the parameter count,
 * GFLOPs per image and the training-step estimate with the smallest slices that fit (the same numbers as `bv
 * info`), the Mixer's variant hover shows Mixer sizes, and `model_name` gets an inlay hint; a model without closed
 * forms, or a variant the config does not use, gets no facts.
 */
import * as assert from 'node:assert/strict';
import type { Hover, InlayHint, MarkupContent } from 'vscode-languageserver';
import { configFacts, shortCount, type ConfigFacts } from '../../runtime/src/facts';
import { fileUri, positionAt, rangeOf } from './lspClient';
import { useLspWorkspace } from './lspFixtures';

const VIT = `import ml_collections as mlc


def get_config(arg=None):
  config = mlc.ConfigDict()
  config.input = dict(data=dict(name='mnist', split='train'), batch_size=4096)
  config.input.pp = 'decode|resize(224)|value_range(-1, 1)|onehot(1000)'
  config.num_classes = 1000
  config.model_name = 'vit'
  config.model = dict(variant='B/16')
  other = dict(variant='L/16')
  config.optax_name = 'scale_by_adam'
  config.lr = 0.001
  config.schedule = dict(decay_type='cosine', warmup_steps=100)
  config.total_steps = 1000
  config.log_training_steps = 50
  return config
`;

const MIXER = VIT.replace("'vit'", "'mlp_mixer'");
const GIVT = VIT.replace("'vit'", "'proj.givt.givt'");
const DISTILL = VIT.replace("  config.model_name = 'vit'\n  config.model = dict(variant='B/16')\n",
  "  config.student_name = 'vit'\n  config.student = dict(variant='S/16')\n  config.teachers = ['prof']\n  config.prof_name = 'vit'\n  config.prof = dict(variant='B/16')\n");

describe('model facts in the language server', function () {
  this.timeout(120000);
  const { ws, client } = useLspWorkspace();

  async function hoverAt(name: string, text: string, needle: string): Promise<string> {
    const uri = fileUri(ws.file(name));
    await client().open(uri, text);
    const at = text.indexOf(needle) + 1;
    const hover = await client().request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at) });
    return (hover?.contents as MarkupContent | undefined)?.value ?? '';
  }

  const facts = (text: string): ConfigFacts => configFacts({
    model_name: /model_name = '([^']+)'/.exec(text)?.[1] ?? '', model: { variant: 'B/16' }, num_classes: 1000,
    input: { batch_size: 4096, pp: 'decode|resize(224)|value_range(-1, 1)|onehot(1000)' }, optax_name: 'scale_by_adam',
  });

  it('hover on model_name: parameters, GFLOPs, the estimate and the slices that fit', async () => {
    const text = await hoverAt('vit.py', VIT, "'vit'");
    assert.match(text, /\*\*model\*\* `vit`/);
    assert.match(text, /\*\*ViT-B\/16\*\*: 86,566,120 parameters, 34\.9 GFLOPs per image at 224x224, from input\.pp: resize\(224\)/);
    assert.match(text, /Training step, estimated: [\d.]+ GiB on one device for the batch of 4096/);
    assert.match(text, /Smallest slices that fit: `v2-\d+`, `v3-\d+`, `v4-\d+`, `v5litepod-\d+`, `v5p-\d+`, `v6e-\d+`/);
  });

  it('hover on the variant the config uses carries the facts; another dict\'s variant only the sizes', async () => {
    const used = await hoverAt('vit2.py', VIT, "'B/16'");
    assert.match(used, /^\*\*ViT-B\*\*\/16: width 768, depth 12/);
    assert.match(used, /86,566,120 parameters/);
    const other = await hoverAt('vit3.py', VIT, "'L/16'");
    assert.match(other, /^\*\*ViT-L\*\*\/16: width 1024/);
    assert.doesNotMatch(other, /parameters/);
  });

  it('hover on a Mixer variant: Mixer sizes and the Mixer facts', async () => {
    const text = await hoverAt('mixer.py', MIXER, "'B/16'");
    assert.match(text, /^\*\*Mixer-B\*\*\/16: hidden 768, blocks 12, channel MLP 3072, token MLP 384/);
    assert.match(text, new RegExp(`\\*\\*Mixer-B/16\\*\\*: ${facts(MIXER).params.toLocaleString('en-US')} parameters`));
  });

  it('inlay hint after model_name; none for a model without closed forms', async () => {
    const uri = fileUri(ws.file('hints.py'));
    await client().open(uri, VIT);
    const range = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
    const hints = await client().request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range });
    const hint = hints.find((h) => String(h.label).includes('params'));
    assert.deepEqual(hint?.position, rangeOf(VIT, "config.model_name = 'vit'").end);
    assert.equal(hint?.label, `→ ${shortCount(facts(VIT).params)} params, 34.9 GFLOPs/image at 224x224`);
    const givt = fileUri(ws.file('givt.py'));
    await client().open(givt, GIVT);
    const none = await client().request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: givt }, range });
    assert.equal(none.filter((h) => String(h.label).includes('params')).length, 0);
    assert.doesNotMatch(await hoverAt('givt2.py', GIVT, "'proj.givt.givt'"), /parameters/);
  });

  it('a distillation config: the hint sits after student_name and counts the student', async () => {
    assert.ok(DISTILL.includes('student_name'), 'the config was rewritten');
    const uri = fileUri(ws.file('distill.py'));
    await client().open(uri, DISTILL);
    const range = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
    const hints = (await client().request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range })).filter((h) => String(h.label).includes('params'));
    assert.deepEqual(hints.map((h) => [h.position, h.label]), [[rangeOf(DISTILL, "config.student_name = 'vit'").end, '→ 22.0M params, 9.15 GFLOPs/image at 224x224']]);
  });
});
