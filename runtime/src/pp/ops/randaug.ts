// randaug(num_layers=2, magnitude=10): RandAugment (https://arxiv.org/abs/1909.13719) as upstream's
// `autoaugment.distort_image_with_randaugment`: `num_layers` times, one of 16 transforms drawn uniformly is applied
// at the shared magnitude (levels out of 10: rotate up to 30°, shear up to 0.3, translate up to 100 px, cutout up to
// 40 px, enhance factors 0.1 + 1.8 level/10; the geometric ones negated half of the time), empty pixels filled with
// 128. On uint8 images, so it goes after decode/crop and before value_range, as in vit_i1k's pp.

import { uint8, type HostTensor } from '../../data/hostTensor';
import type { Rng } from '../../data/rng';
import * as A from '../augment';
import { hwc, ikokOp, type PpOpImpl } from '../types';

const MAX_LEVEL = 10;
const REPLACE = 128;
const CUTOUT_CONST = 40;
const TRANSLATE_CONST = 100;

type Transform = (img: A.Img, level: number, rng: Rng) => A.Img;

const negated = (v: number, rng: Rng) => (rng.next() < 0.5 ? v : -v);
const enhance = (level: number) => (level / MAX_LEVEL) * 1.8 + 0.1;

/** The 16 transforms of upstream's `available_ops`, in its order, with its level-to-argument rules. */
export const RANDAUG_OPS: readonly [string, Transform][] = [
  ['AutoContrast', (img) => A.autocontrast(img)],
  ['Equalize', (img) => A.equalize(img)],
  ['Invert', (img) => A.invert(img)],
  ['Rotate', (img, l, rng) => A.rotate(img, negated((l / MAX_LEVEL) * 30, rng), REPLACE)],
  ['Posterize', (img, l) => A.posterize(img, Math.trunc((l / MAX_LEVEL) * 4))],
  ['Solarize', (img, l) => A.solarize(img, Math.trunc((l / MAX_LEVEL) * 256))],
  ['Color', (img, l) => A.color(img, enhance(l))],
  ['Contrast', (img, l) => A.contrast(img, enhance(l))],
  ['Brightness', (img, l) => A.brightness(img, enhance(l))],
  ['Sharpness', (img, l) => A.sharpness(img, enhance(l))],
  ['ShearX', (img, l, rng) => A.shearX(img, negated((l / MAX_LEVEL) * 0.3, rng), REPLACE)],
  ['ShearY', (img, l, rng) => A.shearY(img, negated((l / MAX_LEVEL) * 0.3, rng), REPLACE)],
  ['TranslateX', (img, l, rng) => A.translateX(img, negated((l / MAX_LEVEL) * TRANSLATE_CONST, rng), REPLACE)],
  ['TranslateY', (img, l, rng) => A.translateY(img, negated((l / MAX_LEVEL) * TRANSLATE_CONST, rng), REPLACE)],
  ['Cutout', (img, l, rng) => A.cutout(img, Math.trunc((l / MAX_LEVEL) * CUTOUT_CONST), rng.int(img.h), rng.int(img.w), REPLACE)],
  ['SolarizeAdd', (img, l) => A.solarizeAdd(img, Math.trunc((l / MAX_LEVEL) * 110))],
];

function imageOf(x: HostTensor): A.Img {
  const [h, w, c] = hwc(x, 'randaug');
  if (x.dtype !== 'uint8') throw new Error(`randaug: expects a uint8 image (decoded, before value_range), got ${x.dtype}[${x.shape.join(',')}]`);
  return { h, w, c, data: x.data };
}

/** randaug(num_layers=2, magnitude=10). */
export const randaug: PpOpImpl = ikokOp('randaug', (p) => {
  const layers = p.num_layers as number;
  const magnitude = p.magnitude as number;
  if (!Number.isInteger(layers) || layers < 0) throw new Error(`randaug: num_layers must be a non-negative int, got ${JSON.stringify(p.num_layers)}`);
  if (typeof magnitude !== 'number' || magnitude < 0) throw new Error(`randaug: magnitude must be a non-negative number, got ${JSON.stringify(p.magnitude)}`);
  return (x, rng) => {
    let img = imageOf(x);
    for (let i = 0; i < layers; i++) img = RANDAUG_OPS[rng.int(RANDAUG_OPS.length)][1](img, magnitude, rng);
    return uint8([img.h, img.w, img.c], img.data);
  };
});
