/**
 * The image size a config trains at, found as upstream finds it: train.py initialises the model with the shapes
 * the training pipeline yields, so the last op of `input.pp` that fixes the image size wins (`resize`, the crops,
 * `decode_jpeg_and_inception_crop` with a size); `decode(channels=N)` sets the channels. Without such an op,
 * `config.init_shapes[0]` (eval_only.py's and some project trainers' key) is used, and failing both, 224x224x3,
 * eval_only.py's default, marked as assumed.
 */
import { callArguments, parsePp, type JsonObject, type PyJsValue } from '../registry';
import type { ImageSize } from './types';

/** Ops whose first argument (or the named keyword) fixes the output size; without one the size is unknown. */
const SIZE_ARG: Readonly<Record<string, string>> = {
  resize: 'size',
  inception_crop: 'size',
  decode_jpeg_and_inception_crop: 'size',
  random_crop: 'crop_size',
  central_crop: 'crop_size',
};

/** Ops after which the size depends on the input image. */
const VARIABLE = new Set(['resize_small', 'resize_long']);

const DEFAULT: ImageSize = { height: 224, width: 224, channels: 3, source: 'assumed 224x224: neither input.pp nor init_shapes fixes the size' };

function hw(v: PyJsValue | undefined): [number, number] | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0)) return [v[0] as number, v[1] as number];
  return undefined;
}

/** Size and channels the pp string leaves the image at, when an op fixes them. */
export function ppImageSize(pp: string): ImageSize | undefined {
  const parsed = parsePp(pp);
  let size: { h: number; w: number; op: string } | undefined;
  let channels = 3;
  for (const call of parsed.calls) {
    const { args, kwargs } = callArguments(call);
    if (call.name === 'decode' || call.name === 'decode_jpeg_and_inception_crop') {
      const c = kwargs.channels ?? (call.name === 'decode' ? args[0] : undefined);
      if (typeof c === 'number' && Number.isInteger(c) && c > 0) channels = c;
    }
    const key = SIZE_ARG[call.name];
    if (key) {
      const fixed = hw(kwargs[key] ?? args[0]);
      size = fixed ? { h: fixed[0], w: fixed[1], op: call.text.trim() } : undefined;
    } else if (VARIABLE.has(call.name)) {
      size = undefined;
    }
  }
  return size && { height: size.h, width: size.w, channels, source: `input.pp: ${size.op}` };
}

/** The training image size of an evaluated config. */
export function configImageSize(config: JsonObject): ImageSize {
  const input = config.input;
  const pp = input && typeof input === 'object' && !Array.isArray(input) ? (input as JsonObject).pp : undefined;
  const fromPp = typeof pp === 'string' ? ppImageSize(pp) : undefined;
  if (fromPp) return fromPp;
  const shapes = config.init_shapes;
  const first = Array.isArray(shapes) ? shapes[0] : undefined;
  if (Array.isArray(first) && first.length === 4 && first.slice(1).every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0)) {
    return { height: first[1] as number, width: first[2] as number, channels: first[3] as number, source: 'init_shapes[0]' };
  }
  return DEFAULT;
}
