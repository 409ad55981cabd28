/**
 * Parameter counts and multiply-adds against published figures, with 1000 classes unless a row says otherwise.
 * Papers and libraries differ in what they count, so each source's convention is kept and converted:
 *
 * - timm's benchmark table, results/benchmark-infer-amp-nchw-pt240-cu124-rtx4090.csv at commit 5c33776aa59f
 *   (github.com/huggingface/pytorch-image-models): `param_count` in millions with two decimals and `infer_gmacs`,
 *   multiply-adds. Its ViTs keep a [cls] token ('tok' pooling) with a position embedding of its own, one row
 *   (width parameters) more than upstream big_vision, which adds the position embedding before the token; its
 *   vit_huge_patch14_224 and vit_so400m_patch14_siglip_224 have no head. Its BiT ports' GMACs also count the
 *   GroupNorm and weight-standardisation arithmetic, which no paper counts, so only their parameters are used.
 * - torchvision's ResNet-50 page (pytorch.org/vision/stable/models/generated/torchvision.models.resnet50.html):
 *   num_params 25557032 and "GFLOPS 4.09", which are multiply-adds of convolutions and the classifier; the same
 *   ResNet v1.5 as upstream's `bit`, and the same convolutions as `bit_paper`'s ResNet v2.
 * - The MLP-Mixer paper (arXiv:2105.01601), Table 1, parameters in millions; they match the models without head.
 * - Scaling Vision Transformers (arXiv:2106.04560), Table 2, the table upstream's vit.decode_variant cites:
 *   GFLOPs, two per multiply-add, at 224 and 384 pixels.
 * - Headline sizes of the larger encoders, MAP-pooled without head: ViT-e 3.9B (PaLI, arXiv:2209.06794) and
 *   SoViT-400m/14 428M (Getting ViT in Shape, arXiv:2305.13035).
 *
 * Our facts report multiply-adds (`macs`) and GFLOPs = 2 × multiply-adds; GMACs rows compare `macs`, GFLOPs rows
 * compare 2 × `macs`, within 2%.
 */
import * as assert from 'node:assert/strict';
import { architectureFacts } from './modelFacts';
import { countParams } from './types';

interface Row {
  readonly model: string;
  readonly kw: Record<string, unknown>;
  readonly res?: number;
  readonly classes?: number | null;
  /** Published parameters in millions, and the decimals printed. */
  readonly params?: readonly [number, number];
  readonly gmacs?: number;
  readonly gflops?: number;
  readonly source: string;
  /** Parameters the source's model has beyond upstream's (timm's [cls] position embedding). */
  readonly extra?: number;
}

const TIMM = 'timm benchmark csv';
const tok = (variant: string, width: number, params: number, gmacs: number, res = 224, classes: number | null = 1000): Row =>
  ({ model: 'vit', kw: { variant, pool_type: 'tok' }, res, classes, params: [params, 2], gmacs, source: TIMM, extra: width });

const ROWS: readonly Row[] = [
  tok('Ti/16', 192, 5.72, 1.26),
  tok('S/32', 384, 22.88, 1.15),
  tok('S/16', 384, 22.05, 4.61),
  tok('B/32', 768, 88.22, 4.41),
  tok('B/16', 768, 86.57, 17.58),
  tok('B/8', 768, 86.58, 78.22),
  tok('L/16', 1024, 304.33, 61.6),
  tok('L/14', 1024, 304.2, 81.08),
  tok('H/14', 1280, 630.76, 167.4, 224, null),
  tok('g/14', 1408, 1012.61, 267.18),
  tok('G/14', 1664, 1844.44, 483.95),
  tok('S/16', 384, 22.2, 15.52, 384),
  tok('B/16', 768, 86.86, 55.54, 384),
  tok('L/16', 1024, 304.72, 191.21, 384),
  { model: 'vit', kw: { variant: 'So400m/14', pool_type: 'map' }, classes: null, params: [427.68, 2], gmacs: 110.26, source: TIMM },
  { model: 'vit', kw: { variant: 'B/16' }, gflops: 35.1, source: 'Scaling ViT Table 2' },
  { model: 'vit', kw: { variant: 'B/16' }, res: 384, gflops: 111.3, source: 'Scaling ViT Table 2' },
  { model: 'vit', kw: { variant: 'L/16' }, gflops: 122.9, source: 'Scaling ViT Table 2' },
  { model: 'vit', kw: { variant: 'L/16' }, res: 384, gflops: 382.8, source: 'Scaling ViT Table 2' },
  { model: 'vit', kw: { variant: 'G/14' }, gflops: 965.3, source: 'Scaling ViT Table 2' },
  { model: 'vit', kw: { variant: 'G/14' }, res: 384, gflops: 2859.9, source: 'Scaling ViT Table 2' },
  ...([['S/32', 19.1, 1.0], ['S/16', 18.53, 3.79], ['B/32', 60.29, 3.24], ['B/16', 59.88, 12.62], ['L/32', 206.94, 11.27], ['L/16', 208.2, 44.6]] as const)
    .map(([variant, params, gmacs]): Row => ({ model: 'mlp_mixer', kw: { variant }, params: [params, 2], gmacs, source: TIMM })),
  ...([['S/32', 19], ['S/16', 18], ['B/32', 60], ['B/16', 59], ['L/32', 206], ['L/16', 207], ['H/14', 431]] as const)
    .map(([variant, params]): Row => ({ model: 'mlp_mixer', kw: { variant }, classes: null, params: [params, 0], source: 'Mixer paper Table 1' })),
  ...([[50, 1, 25.55], [50, 3, 217.32], [101, 1, 44.54], [101, 3, 387.93], [152, 2, 236.34], [152, 4, 936.53]] as const)
    .map(([depth, width, params]): Row => ({ model: 'bit_paper', kw: { depth, width }, params: [params, 2], source: TIMM })),
  { model: 'bit_paper', kw: { depth: 50, width: 1 }, gmacs: 4.09, source: 'torchvision ResNet-50, same convolutions' },
  ...([[26, 16.0, 2.36], [50, 25.56, 4.11], [101, 44.55, 7.83], [152, 60.19, 11.56]] as const)
    .map(([depth, params, gmacs]): Row => ({ model: 'bit', kw: { depth }, params: [params, 2], gmacs, source: TIMM })),
  { model: 'bit', kw: { depth: 50 }, params: [25.557032, 6], gmacs: 4.09, source: 'torchvision ResNet-50' },
];

const within = (ours: number, published: number, tol = 0.02): boolean => Math.abs(ours - published) <= tol * published;

describe('model facts match published parameter counts and FLOPs', () => {
  for (const r of ROWS) {
    const res = r.res ?? 224;
    const classes = r.classes === undefined ? 1000 : r.classes;
    const name = `${r.model} ${JSON.stringify(r.kw)} @${res} classes=${classes} vs ${r.source}`;
    it(name, () => {
      const f = architectureFacts(r.model, r.kw, classes, { height: res, width: res, channels: 3, source: 'test' });
      if (r.params) {
        const [published, decimals] = r.params;
        const ours = (countParams(f.params) + (r.extra ?? 0)) / 1e6;
        assert.equal(ours.toFixed(decimals), published.toFixed(decimals), `params: ours ${ours.toFixed(4)}M`);
      }
      if (r.gmacs !== undefined) assert.ok(within(f.macs / 1e9, r.gmacs), `GMACs: ours ${(f.macs / 1e9).toFixed(2)}, published ${r.gmacs}`);
      if (r.gflops !== undefined) assert.ok(within((2 * f.macs) / 1e9, r.gflops), `GFLOPs: ours ${((2 * f.macs) / 1e9).toFixed(1)}, published ${r.gflops}`);
    });
  }

  it('the brief figures: ViT-B/16 86.6M, ViT-L/16 304M, Mixer-B/16 59.9M, BiT-R50x1 25.5M', () => {
    const m = (model: string, kw: Record<string, unknown>) => countParams(architectureFacts(model, kw, 1000, { height: 224, width: 224, channels: 3, source: 'test' }).params) / 1e6;
    assert.equal(m('vit', { variant: 'B/16' }).toFixed(1), '86.6');
    assert.equal(m('vit', { variant: 'L/16' }).toFixed(0), '304');
    assert.equal(m('mlp_mixer', { variant: 'B/16' }).toFixed(1), '59.9');
    assert.equal(Math.floor(m('bit_paper', { depth: 50 }) * 10) / 10, 25.5);
  });

  it('the headline sizes: ViT-e 3.9B, SoViT-400m/14 428M', () => {
    const m = (variant: string) => countParams(architectureFacts('vit', { variant, pool_type: 'map' }, null, { height: 224, width: 224, channels: 3, source: 'test' }).params);
    assert.equal((m('e/14') / 1e9).toFixed(1), '3.9');
    assert.equal((m('So400m/14') / 1e6).toFixed(0), '428');
  });
});
