/**
 * The closed forms against the models `bv train` builds: for every model name the registry marks bundled, the
 * parameter count of each case below equals the built tfjs model's (its parameter shapes, nothing allocated). A
 * bundled model without cases here fails, so a model registered later is covered or reported.
 */
import * as assert from 'node:assert/strict';
import { modelImpls } from '../models/registerAll';
import { MIXER_SIZES, models, VIT_SIZES } from '../registry';
import { architectureFacts } from './modelFacts';
import { countParams, numel, type ImageSize } from './types';

type Case = { model: Record<string, unknown>; numClasses: number | null; image: ImageSize };

const img = (size: number, channels = 3): ImageSize => ({ height: size, width: size, channels, source: 'test' });

/** Cases by model name: every size of the variant tables, and the head, pooling and embedding options. */
const CASES: Readonly<Record<string, readonly Case[]>> = {
  vit: [
    ...Object.keys(VIT_SIZES).map((s) => ({ model: { variant: `${s}/16` }, numClasses: 1000, image: img(64) })),
    ...['gap', 'map', 'tok', '0', 'none'].map((pool) => ({ model: { variant: 'mu/8', pool_type: pool, rep_size: true }, numClasses: 10, image: img(32, 1) })),
    { model: { variant: 'Ti/4', posemb: 'sincos2d', rep_size: 48 }, numClasses: null, image: img(28, 1) },
    { model: { variant: 'S/14', scan: true }, numClasses: 5, image: img(56) },
    { model: { width: 64, depth: 3, num_heads: 4, mlp_dim: 96, patch_size: [4, 7] }, numClasses: 3, image: img(28) },
  ],
  mlp_mixer: [
    ...Object.keys(MIXER_SIZES).map((s) => ({ model: { variant: `${s}/16` }, numClasses: 1000, image: img(64) })),
    { model: { variant: 'S/4' }, numClasses: 10, image: img(28, 1) },
    { model: { patch_size: [7, 7], num_blocks: 2, hidden_dim: 32, tokens_mlp_dim: 16, channels_mlp_dim: 64 }, numClasses: null, image: img(28, 1) },
  ],
  bit: [
    ...[26, 50, 101, 152, 200].map((depth) => ({ model: { depth }, numClasses: 1000, image: img(64) })),
    { model: { depth: [1, 1, 1, 1], width: 0.5 }, numClasses: 10, image: img(32, 1) },
    { model: { depth: 50, width: 2 }, numClasses: null, image: img(32) },
  ],
  bit_paper: [
    ...[26, 50, 101, 152, 200].map((depth) => ({ model: { depth }, numClasses: 1000, image: img(64) })),
    { model: { depth: [1, 2, 1, 1], width: 3 }, numClasses: 10, image: img(32, 1) },
    { model: { depth: 50, width: 4 }, numClasses: null, image: img(32) },
  ],
};

describe('model facts agree with the built tfjs models', () => {
  const bundled = models.list().filter((m) => m.bundled).map((m) => m.name);

  it('the registry marks at least ViT bundled', () => {
    assert.ok(bundled.includes('vit'), `bundled models: ${bundled.join(', ')}`);
  });

  for (const name of bundled) {
    it(`${name}: every case has the parameter count of the built model`, () => {
      const cases = CASES[name];
      assert.ok(cases, `'${name}' is bundled but has no cases here: add its variants to CASES`);
      const factory = modelImpls.require(name);
      for (const c of cases) {
        const label = `${name} ${JSON.stringify(c.model)} num_classes=${c.numClasses} at ${c.image.height}x${c.image.width}x${c.image.channels}`;
        const built = factory(c.model, c.numClasses).paramInits([c.image.height, c.image.width, c.image.channels]);
        const facts = architectureFacts(name, c.model, c.numClasses, c.image);
        const builtCount = built.reduce((n, p) => n + numel(p.shape), 0);
        if (countParams(facts.params) !== builtCount) {
          // Name the tensors that differ, to say which formula or layer is off.
          const ours = new Map(facts.params.map((p) => [p.name, p.shape.join('x')]));
          const theirs = new Map(built.map((p) => [p.name, p.shape.join('x')]));
          const diff = [...new Set([...ours.keys(), ...theirs.keys()])].filter((k) => ours.get(k) !== theirs.get(k)).slice(0, 8)
            .map((k) => `${k}: facts ${ours.get(k) ?? '-'} vs built ${theirs.get(k) ?? '-'}`);
          assert.fail(`${label}: facts count ${countParams(facts.params)}, built model ${builtCount}\n  ${diff.join('\n  ')}`);
        }
      }
    });
  }
});
