// Bodies of upstream's ops_image.py ops the bundled trainer runs: decode,
// resize, resize_small, central_crop, random_crop, inception_crop,
// decode_jpeg_and_inception_crop, flip_lr, vgg_value_range. Images are uint8
// (or float32) HWC host tensors; random choices come from the per-example Rng.

import { numericLike, type HostTensor, type NumericTensor } from '../../data/hostTensor';
import { decodeImage, imageSize } from '../../data/image';
import { affineChannels, zipChannels } from '../broadcast';
import { cropHwc, flipHwc, sampleDistortedBox } from '../crop';
import { resizeHwc, roundHalfEven, type ResizeMethod } from '../resize';
import { hwc, ikokOp, numbers, numeric, sizePair, type PpOpImpl, type PpParams } from '../types';

function encoded(x: HostTensor, op: string): Uint8Array {
  if (x.dtype !== 'bytes' || x.shape.length !== 0) {
    throw new Error(`${op}: expects one encoded image (bytes) but got ${x.dtype}[${x.shape.join(',')}]${x.dtype === 'bytes' ? '' : ' (already decoded?)'}`);
  }
  return x.data[0];
}

/** tf.image.resize, then clip and cast back to the input dtype, as upstream's resize does. */
function resizeTo(x: NumericTensor, h: number, w: number, method: ResizeMethod, antialias: boolean, op: string): NumericTensor {
  const shape = hwc(x, op);
  const out = resizeHwc(x.data, shape, h, w, method, antialias);
  return numericLike(x, [h, w, shape[2]], out);
}

function resizeParams(p: PpParams): { method: ResizeMethod; antialias: boolean } {
  return { method: p.method as ResizeMethod, antialias: p.antialias === true };
}

/** decode(channels=3, precise=False): any image format → uint8 HWC. */
export const decode: PpOpImpl = ikokOp('decode', (p) => {
  const channels = p.channels as number;
  return (x) => decodeImage(encoded(x, 'decode'), channels);
});

/** resize(size, method='bilinear', antialias=False). */
export const resize: PpOpImpl = ikokOp('resize', (p) => {
  const [h, w] = sizePair(p.size, 'resize', 'size');
  const { method, antialias } = resizeParams(p);
  return (x) => resizeTo(numeric(x, 'resize'), h, w, method, antialias, 'resize');
});

/** resize_small(smaller_size, method='area', antialias=False): shorter side → smaller_size. */
export const resizeSmall: PpOpImpl = ikokOp('resize_small', (p) => {
  const smaller = p.smaller_size as number;
  const { method, antialias } = resizeParams(p);
  return (x) => {
    const [h, w] = hwc(x, 'resize_small');
    // As upstream: float32 factor, new sizes rounded half-to-even (tf.round).
    const factor = Math.fround(smaller / Math.min(h, w));
    const nh = roundHalfEven(Math.fround(h * factor));
    const nw = roundHalfEven(Math.fround(w * factor));
    return resizeTo(numeric(x, 'resize_small'), nh, nw, method, antialias, 'resize_small');
  };
});

/** central_crop(crop_size=None): centered crop; None = the largest centered square. */
export const centralCrop: PpOpImpl = ikokOp('central_crop', (p) => {
  const size = p.crop_size ? sizePair(p.crop_size, 'central_crop', 'crop_size') : null;
  return (x) => {
    const [h, w] = hwc(x, 'central_crop');
    const [ch, cw] = size ?? [Math.min(h, w), Math.min(h, w)];
    return cropHwc(numeric(x, 'central_crop'), { top: Math.floor((h - ch) / 2), left: Math.floor((w - cw) / 2), height: ch, width: cw });
  };
});

/** random_crop(crop_size): uniformly placed crop (offsets 0..size-crop inclusive, as tf.image.random_crop). */
export const randomCrop: PpOpImpl = ikokOp('random_crop', (p) => {
  const [ch, cw] = sizePair(p.crop_size, 'random_crop', 'crop_size');
  return (x, rng) => {
    const [h, w] = hwc(x, 'random_crop');
    if (ch > h || cw > w) throw new Error(`random_crop: crop ${ch}x${cw} is larger than the ${h}x${w} image`);
    const top = rng.int(h - ch + 1);
    const left = rng.int(w - cw + 1);
    return cropHwc(numeric(x, 'random_crop'), { top, left, height: ch, width: cw });
  };
});

/** inception_crop(size=None, area_min=5, area_max=100, method='bilinear', antialias=False). */
export const inceptionCrop: PpOpImpl = ikokOp('inception_crop', (p) => {
  const size = p.size ? sizePair(p.size, 'inception_crop', 'size') : null;
  const range = { areaMin: (p.area_min as number) / 100, areaMax: (p.area_max as number) / 100, ratioMin: 0.75, ratioMax: 1.33 };
  const { method, antialias } = resizeParams(p);
  return (x, rng) => {
    const [h, w] = hwc(x, 'inception_crop');
    const crop = cropHwc(numeric(x, 'inception_crop'), sampleDistortedBox(rng, h, w, range));
    return size ? resizeTo(crop, size[0], size[1], method, antialias, 'inception_crop') : crop;
  };
});

/** decode_jpeg_and_inception_crop(size=None, area_min=5, area_max=100, ratio_min=0.75, ratio_max=1.33, ...). */
export const decodeJpegAndInceptionCrop: PpOpImpl = ikokOp('decode_jpeg_and_inception_crop', (p) => {
  const op = 'decode_jpeg_and_inception_crop';
  const size = p.size ? sizePair(p.size, op, 'size') : null;
  const range = { areaMin: (p.area_min as number) / 100, areaMax: (p.area_max as number) / 100, ratioMin: p.ratio_min as number, ratioMax: p.ratio_max as number };
  const { method, antialias } = resizeParams(p);
  return async (x, rng) => {
    const bytes = encoded(x, op);
    // Like tf.image.extract_jpeg_shape + decode_and_crop_jpeg: the box comes from the header alone.
    const { height, width } = await imageSize(bytes);
    const crop = await decodeImage(bytes, 3, sampleDistortedBox(rng, height, width, range));
    return size ? resizeTo(crop, size[0], size[1], method, antialias, op) : crop;
  };
});

/** flip_lr(): mirror horizontally with probability 0.5. */
export const flipLr: PpOpImpl = ikokOp('flip_lr', () => (x, rng) => {
  hwc(x, 'flip_lr');
  return rng.next() < 0.5 ? flipHwc(numeric(x, 'flip_lr')) : x;
});

/** vgg_value_range(mean=ImageNet means*255, std=ImageNet stds*255): (x - mean) / std in float32. */
export const vggValueRange: PpOpImpl = ikokOp('vgg_value_range', (p) => {
  const mean = numbers(p.mean, 'vgg_value_range', 'mean');
  const std = numbers(p.std, 'vgg_value_range', 'std');
  // (x - mean) / std as one multiply-add per channel.
  const scale = std.map((s) => 1 / s);
  const offset = zipChannels(mean, std, (m, s) => -m / s);
  return (x) => affineChannels(numeric(x, 'vgg_value_range'), scale, offset, 'vgg_value_range');
});
