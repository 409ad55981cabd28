// Image decoding into uint8 HWC host tensors with TF's decode_image channel
// semantics: channels=0 keeps the file's channels, 1 gives grey (colour via
// the 0.299/0.587/0.114 weights), 3 RGB (grey replicated, alpha dropped), 4
// RGBA. sharp decodes every format; plain 8-bit PNGs take a direct decoder
// (png.ts) that gives identical pixels faster. EXIF orientation is ignored, as
// TF ignores it. JPEGs decode with libjpeg's accurate integer DCT, i.e. like
// upstream's `decode(precise=True)`; TF's default DCT can differ by a level or
// two in places.

import { createRequire } from 'node:module';
import type SharpModule from 'sharp';
import { uint8, type HostTensor } from './hostTensor';
import { decodePngFast, encodePngFast } from './png';

type Sharp = typeof SharpModule;
let sharpModule: Sharp | undefined;

/**
 * sharp, loaded on first use: it is a native package, present where npm installed it but not in the editor's
 * bundled trainer, which decodes PNG (all that MNIST and most small datasets hold) without it.
 */
function sharp(...args: Parameters<Sharp>): ReturnType<Sharp> {
  if (!sharpModule) {
    try {
      sharpModule = createRequire(__filename)('sharp') as Sharp;
    } catch (err) {
      throw new Error(
        'decoding this image (JPEG, or a PNG with a crop or an unusual layout) needs the sharp package, which this installation lacks; ' +
          'train with the bv command line installed by npm (npm install in the Big Vision Studio repo), where sharp is installed',
        { cause: err },
      );
    }
  }
  return sharpModule(...args);
}

/** A decoded image: uint8 [height, width, channels]. */
export type ImageTensor = HostTensor & { dtype: 'uint8' };

/** A crop window in pixels. */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

/** Channels stored in a PNG or JPEG (from its header), or undefined for other formats. */
export function sniffChannels(b: Uint8Array): number | undefined {
  if (b.length > 25 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return PNG_CHANNELS[b[25]];
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length && b[i] === 0xff) {
      const marker = b[i + 1];
      const len = (b[i + 2] << 8) | b[i + 3];
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the component count.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return b[i + 9];
      i += 2 + len;
    }
  }
  return undefined;
}

// libjpeg's (and TF's JPEG) RGB → grey weights.
const GREY = [0.299, 0.587, 0.114];

/** Converts uint8 pixels with `src` channels (grey, grey+alpha, RGB, RGBA) to `want` channels as TF does. */
export function convertChannels(data: Uint8Array, pixels: number, src: number, want: number): Uint8Array {
  if (src === want) return data;
  const out = new Uint8Array(pixels * want);
  const hasAlpha = src === 2 || src === 4;
  for (let i = 0; i < pixels; i++) {
    const s = i * src;
    const grey = src <= 2 ? data[s] : Math.round(GREY[0] * data[s] + GREY[1] * data[s + 1] + GREY[2] * data[s + 2]);
    const alpha = hasAlpha ? data[s + src - 1] : 255;
    const d = i * want;
    if (want <= 2) out[d] = grey;
    else if (src <= 2) out[d] = out[d + 1] = out[d + 2] = grey;
    else {
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
    }
    if (want === 2 || want === 4) out[d + want - 1] = alpha;
  }
  return out;
}

/** Decodes PNG/JPEG/GIF/BMP/WebP bytes (first frame) to uint8 HWC, optionally cropping first. */
export async function decodeImage(bytes: Uint8Array, channels = 3, crop?: CropBox): Promise<ImageTensor> {
  if (![0, 1, 2, 3, 4].includes(channels)) throw new Error(`decode: channels must be 0, 1, 2, 3 or 4, got ${channels}`);
  const fast = crop ? undefined : decodePngFast(bytes);
  if (fast) {
    const want = channels || fast.channels;
    return uint8([fast.height, fast.width, want], convertChannels(fast.data, fast.height * fast.width, fast.channels, want));
  }
  let img = sharp(bytes, { failOn: 'error' });
  const src = sniffChannels(bytes) ?? (await img.metadata()).channels ?? 3;
  const want = channels || src;
  if (crop) img = img.extract({ left: crop.left, top: crop.top, width: crop.width, height: crop.height });
  // sharp's colour conversions run in its own order (alpha handling before the
  // colourspace), so decode to sRGB, with alpha if the file has it, and convert here.
  const alpha = src === 2 || src === 4;
  img = alpha ? img.toColourspace('srgb').ensureAlpha() : img.toColourspace('srgb').removeAlpha();
  let data: Buffer;
  let info: SharpModule.OutputInfo;
  try {
    ({ data, info } = await img.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
  } catch (err) {
    throw new Error(`cannot decode image (${bytes.length} bytes): ${(err as Error).message}`, { cause: err });
  }
  const { height, width } = info;
  const n = height * width;
  let native = new Uint8Array(data.buffer, data.byteOffset, data.length);
  let nativeChannels: number = info.channels;
  if (src <= 2) {
    // A grey file came back replicated to RGB: take one channel (and alpha) back.
    const grey = new Uint8Array(n * src);
    for (let i = 0; i < n; i++) {
      grey[i * src] = native[i * nativeChannels];
      if (src === 2) grey[i * 2 + 1] = native[i * nativeChannels + 3];
    }
    native = grey;
    nativeChannels = src;
  }
  return uint8([height, width, want], convertChannels(native, n, nativeChannels, want));
}

/** Height and width from the header, without decoding pixels. */
export async function imageSize(bytes: Uint8Array): Promise<{ height: number; width: number }> {
  const m = await sharp(bytes).metadata();
  if (!m.height || !m.width) throw new Error(`cannot read the size of an image of ${bytes.length} bytes`);
  return { height: m.height, width: m.width };
}

/** Encodes a uint8 HWC tensor (1, 2, 3 or 4 channels) as PNG (grey stays grey, as TFDS writes MNIST). */
export async function encodePng(image: HostTensor): Promise<Uint8Array> {
  const [height, width, channels] = image.shape;
  if (image.dtype !== 'uint8' || image.shape.length !== 3) throw new Error('encodePng needs a uint8 [h, w, c] tensor');
  return encodePngFast(height, width, channels, image.data);
}

/** Encodes a uint8 HWC RGB or grey tensor as JPEG. */
export async function encodeJpeg(image: HostTensor, quality = 95): Promise<Uint8Array> {
  const [height, width, channels] = image.shape;
  if (image.dtype !== 'uint8' || image.shape.length !== 3) throw new Error('encodeJpeg needs a uint8 [h, w, c] tensor');
  let img = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width, height, channels: channels as 1 | 3 } });
  if (channels === 1) img = img.toColourspace('b-w');
  return img.jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
}
