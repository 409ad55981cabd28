// The populated registries: counts from the reference (67 pp ops, 23 models,
// 30 evaluators), which entries are bundled, and sanity of every spec row
// (unique params, defaults that fit their declared type, docs present).

import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { acceptedEvalKeys, decayTypes, evaluators, formatOpSignature, losses, lookup, models, optimizers, ppOps, registries } from './index';
import type { ParamSpec, ParamType } from './types';

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** Whether a JS default fits the declared Python type. */
function jsFits(type: ParamType, v: unknown): boolean {
  switch (type) {
    case 'int': return Number.isInteger(v) || typeof v === 'boolean';
    case 'float': case 'number': return typeof v === 'number' || typeof v === 'boolean';
    case 'str': return typeof v === 'string';
    case 'bool': return typeof v === 'boolean';
    case 'list': case 'tuple': case 'seq': case 'set': return Array.isArray(v);
    case 'dict': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'bytes': return v instanceof Uint8Array;
    case 'any': return true;
  }
}

function checkParams(owner: string, params: readonly ParamSpec[]): void {
  const names = params.map((p) => p.name);
  assert.equal(new Set(names).size, names.length, `duplicate params in ${owner}: ${names.join(', ')}`);
  for (const p of params) {
    assert.ok(p.doc.length > 0, `${owner}.${p.name} has no doc`);
    assert.ok(!(p.required && 'default' in p), `${owner}.${p.name} is required but has a default`);
    if ('default' in p && p.default !== null) {
      const types = typeof p.type === 'string' ? [p.type] : p.type;
      assert.ok(types.some((t) => jsFits(t, p.default)), `${owner}.${p.name} default ${JSON.stringify(p.default)} does not fit ${String(p.type)}`);
    }
    if (p.choices && 'default' in p && p.default !== null && typeof p.default !== 'object') {
      assert.ok(p.choices.includes(p.default as string), `${owner}.${p.name} default outside its choices`);
    }
  }
}

describe('pp ops', () => {
  it('has all 67 upstream ops, by module', () => {
    assert.equal(ppOps.size, 67);
    const byModule = (m: string): number => ppOps.list().filter((o) => o.module === m).length;
    assert.deepEqual([byModule('ops_general'), byModule('ops_image'), byModule('ops_text'), byModule('archive.randaug')], [15, 12, 6, 1]);
    assert.equal(ppOps.list().filter((o) => o.module.startsWith('proj.')).length, 33);
  });

  it('bundles exactly the 15 ops the trainer implements', () => {
    assert.deepEqual(sorted(ppOps.list().filter((o) => o.bundled).map((o) => o.name)), sorted([
      'decode', 'resize', 'resize_small', 'central_crop', 'random_crop', 'inception_crop', 'decode_jpeg_and_inception_crop',
      'flip_lr', 'value_range', 'vgg_value_range', 'onehot', 'keep', 'drop', 'copy', 'randaug',
    ]));
  });

  it('adds keyword-only key/inkey/outkey to InKeyOutKey ops with their defaults', () => {
    const tokenize = ppOps.require('tokenize');
    assert.equal(tokenize.keyConvention, 'inkey_outkey');
    assert.deepEqual(tokenize.params.slice(-3).map((p) => [p.name, p.default, p.keywordOnly]), [['key', null, true], ['inkey', null, true], ['outkey', 'labels', true]]);
    assert.equal(formatOpSignature(ppOps.require('value_range')), 'value_range(vmin=-1, vmax=1, in_min=0, in_max=255.0, clip_values=False, *, key=None, inkey=\'image\', outkey=\'image\')');
    assert.equal(formatOpSignature(ppOps.require('masked_concat')), "masked_concat(keys, outkey='text', **masks)");
  });

  it('has well-formed params', () => {
    for (const op of ppOps.list()) {
      checkParams(`pp.${op.name}`, op.params);
      assert.ok(op.doc.length > 0 && op.module.length > 0);
    }
  });
});

describe('models', () => {
  it('has the 23 model modules; vit, bit, bit_paper and mlp_mixer are bundled', () => {
    assert.equal(models.size, 23);
    assert.equal(models.list().filter((m) => m.name.startsWith('proj.')).length, 18);
    assert.deepEqual(models.list().filter((m) => m.bundled).map((m) => m.name), ['vit', 'bit', 'bit_paper', 'mlp_mixer']);
  });

  it('lists the 48 ViT vanity names and the SigLIP towers', () => {
    const vit = models.require('vit');
    assert.equal(vit.vanityNames.length, 48);
    assert.ok(vit.vanityNames.includes('howto-i21k-B/16') && vit.vanityNames.includes('SigLIP2 So400m/14 384'));
    assert.equal(models.require('proj.image_text.two_towers').vanityNames.length, 26);
    assert.equal(models.require('proj.paligemma.paligemma').vanityNames.length, 18);
    assert.equal(models.require('vit').variants, 'vit');
  });

  it('has well-formed kwargs', () => {
    for (const m of models.list()) {
      checkParams(`model.${m.name}`, m.kwargs);
      checkParams(`model.${m.name}.load`, m.loadKwargs);
    }
  });
});

describe('evaluators', () => {
  it('has the 30 evaluator modules; classification, fewshot_lsr and proj.distill.distance are bundled', () => {
    assert.equal(evaluators.size, 30);
    assert.deepEqual(evaluators.list().filter((e) => e.bundled).map((e) => e.name), ['classification', 'fewshot_lsr', 'proj.distill.distance']);
    assert.equal(evaluators.list().filter((e) => e.api === 'pmap').length, 7);
  });

  it('classification accepts the pipeline keys but not cache_final', () => {
    const keys = acceptedEvalKeys(evaluators.require('classification')).map((p) => p.name);
    for (const k of ['type', 'pred', 'prefix', 'skip_first', 'data', 'pp_fn', 'batch_size', 'cache', 'loss_name', 'label_key']) {
      assert.ok(keys.includes(k), k);
    }
    assert.ok(!keys.includes('cache_final'));
    assert.ok(evaluators.require('classification').rejectedKeys?.some((r) => r.name === 'cache_final'));
    assert.ok(acceptedEvalKeys(evaluators.require('proj.givt.nyu_depth')).some((p) => p.name === 'cache_final'));
  });

  it('has well-formed params', () => {
    for (const e of evaluators.list()) checkParams(`evaluator.${e.name}`, acceptedEvalKeys(e));
  });
});

describe('optimizers, schedules, losses', () => {
  it('bundles scale_by_adam, momentum_hp, sgd and identity (sgd is its alias)', () => {
    assert.deepEqual(sorted(optimizers.list().filter((o) => o.bundled).map((o) => o.name)), ['big_vision.momentum_hp', 'big_vision.sgd', 'identity', 'scale_by_adam']);
    assert.ok(optimizers.knows('big_vision.scale_by_adafactor') && optimizers.knows('identity') && optimizers.knows('adamw'));
    assert.equal(optimizers.require('adam').params[0].name, 'learning_rate');
    for (const o of optimizers.list()) checkParams(`optimizer.${o.name}`, o.params);
  });

  it('has the five decay types and two losses', () => {
    assert.deepEqual(decayTypes.names(), ['cosine', 'linear', 'polynomial', 'rsqrt', 'stair']);
    assert.equal(decayTypes.require('polynomial').aliasOf, 'linear');
    assert.deepEqual(losses.names(), ['sigmoid_xent', 'softmax_xent']);
  });

  it('resolves prefixed keys across namespaces', () => {
    assert.equal(lookup('pp.resize')?.doc, ppOps.require('resize').doc);
    assert.equal(lookup('model.proj.paligemma.paligemma'), models.get('proj.paligemma.paligemma'));
    assert.equal(lookup('config.evals.*.pp_fn'), registries.config.get('evals.*.pp_fn'));
    assert.equal(lookup('nope.x'), undefined);
    assert.equal(lookup('resize'), undefined);
  });
});
