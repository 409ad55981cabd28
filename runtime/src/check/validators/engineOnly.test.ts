import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { assertProblems, checkFixture, fixture, type Expected } from '../testHelpers';
import { engineOnly } from './engineOnly';

const E = 'engine_only.py';
const TABLE: readonly [string, readonly Expected[]][] = [
  ['engine_only.py', [
    { code: 'engine-only', severity: 'information', at: 'proj.flexi.vit', line: 14, message: /Model 'proj\.flexi\.vit' runs only with upstream big_vision/ },
    { code: 'engine-only', severity: 'information', at: 'scale_by_rms', message: /Optimizer 'scale_by_rms'/ },
    { code: 'engine-only', severity: 'information', at: 'resize_long', message: /pp op 'resize_long' \(ops_image\)/ },
  ]],
  // A distillation config: the bundled trainer runs it, so it is judged part by part (its bit_paper models run).
  ['proj_trainer.py', []],
  ['clean.py', []],
];

describe('check: engineOnly', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [engineOnly] }), expected);
    });
  }

  it('another project trainer, even with distillation keys (flexi distill): one note for the file', async () => {
    const source = fs.readFileSync(fixture('proj_trainer.py'), 'utf8').replace('proj.distill.distill', 'proj.flexi.distill');
    const notes = await checkFixture('proj_trainer.py', { source, validators: [engineOnly] });
    assert.deepEqual(notes.map((p) => [p.code, p.range.line]), [['engine-only', source.split('\n').findIndex((l) => l.startsWith('def get_config')) + 1]]);
    assert.match(notes[0].message, /big_vision\.trainers\.proj\.flexi\.distill/);
  });

  // A key counts when the trainer acts on it (mixup and model_init run in the bundled trainer too).
  const KEYS: readonly [string, string, boolean][] = [
    ['config.mixup = dict(p=0.2)', "'mixup'", false],
    ['config.mixup = dict(p=0.0, fold_in=None)', "'mixup'", false],
    ['config.mixup = dict(p=0)', "'mixup'", false],
    ['config.mixup = {}', "'mixup'", false],
    ["config.model_init = 'howto-i21k-B/16'", "'model_init'", false], // the bundled trainer loads checkpoints
    ["config.model_init = ''", "'model_init'", false],
    ['config.model_init = None', "'model_init'", false],
    ['config.grad_clip_per_example = True', "'grad_clip_per_example'", true],
    ['config.grad_clip_per_example = False', "'grad_clip_per_example'", false],
  ];
  for (const [line, what, noted] of KEYS) {
    it(`${line}: ${noted ? 'an engine-only note' : 'no note'}`, async () => {
      const source = fs.readFileSync(fixture(E), 'utf8').replace('  config.mixup = dict(p=0.2)', `  ${line}`);
      const notes = (await checkFixture(E, { source, validators: [engineOnly] })).filter((p) => p.message.startsWith(what));
      assert.equal(notes.length, noted ? 1 : 0, notes.map((p) => p.message).join('\n'));
      if (noted) assert.equal(notes[0].range.line, source.split('\n').findIndex((l) => l.includes(line)) + 1);
    });
  }
});
