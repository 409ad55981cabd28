// The pp ops of upstream's default modules (ops_general, ops_image, ops_text)
// and archive.randaug, with every parameter and default as in big_vision at
// 0127fb6 (see shared/reference/big_vision/pp_ops.md §4). Project-module ops
// live in ppOpsProj.ts. `bundled` marks the 15 ops the tfjs trainer runs.

import { PROJECT_PP_OPS } from './ppOpsProj';
import { ikokOp, opt, ownOp, req, RESIZE_METHODS } from './specHelpers';
import type { OpSpec } from './types';

/** `pp_modules` train.py imports when the config does not set it. */
export const DEFAULT_PP_MODULES: readonly string[] = ['ops_general', 'ops_image', 'ops_text'];

const G = 'ops_general';
const I = 'ops_image';
const T = 'ops_text';
const yes = { bundled: true };

/** ops_general.py: 15 ops. */
export const GENERAL_PP_OPS: readonly OpSpec[] = [
  ikokOp(G, 'value_range', [
    opt('vmin', 'number', -1, 'output value for in_min'),
    opt('vmax', 'number', 1, 'output value for in_max'),
    opt('in_min', ['number', 'seq'], 0, 'input minimum (may be per channel)'),
    opt('in_max', ['number', 'seq'], 255.0, 'input maximum (may be per channel)', { defaultText: '255.0' }),
    opt('clip_values', 'bool', false, 'clip the result to [vmin, vmax]'),
  ], 'Casts to float32 and maps [in_min, in_max] linearly to [vmin, vmax].', 'image', 'image', yes),
  ikokOp(G, 'lookup', [
    req('mapping', 'str', 'path of a .npz, a text file (line number) or key<sep>int lines'),
    opt('npzkey', 'str', 'fnames', 'array inside the .npz to index'),
    opt('sep', 'str', null, 'separator of key<sep>int lines'),
  ], 'Maps strings to ints through a file; unknown strings map to -1 (set key!).'),
  ownOp(G, 'onehot', [
    req('depth', 'int', 'number of classes'),
    opt('key', 'str', 'labels', 'feature holding the label(s)'),
    opt('key_result', 'str', null, 'where to write (default: key)'),
    opt('multi', 'bool', true, 'merge several labels into one multi-hot vector'),
    opt('on', 'number', 1.0, 'value for the positive label', { defaultText: '1.0' }),
    opt('off', 'number', 0.0, 'value for the negative labels', { defaultText: '0.0' }),
  ], 'One-hot (or multi-hot) encodes data[key] into data[key_result or key].', 'key', yes),
  ownOp(G, 'keep', [], 'Keeps only the listed keys.', 'key', { ...yes, varargs: req('keys', 'str', 'feature names to keep') }),
  ownOp(G, 'drop', [], 'Removes the listed keys.', 'key', { ...yes, varargs: req('keys', 'str', 'feature names to drop') }),
  ownOp(G, 'copy', [
    req('inkey', 'str', 'feature to copy (nested a/b allowed)'),
    req('outkey', 'str', 'destination feature'),
  ], 'Shallow-copies a (possibly nested) value to another key.', 'key', yes),
  ikokOp(G, 'squeeze_last_dim', [], 'Drops a trailing size-1 axis.'),
  ownOp(G, 'concat', [
    req('inkeys', 'seq', 'features to concatenate'),
    opt('outkey', 'str', null, 'destination (default: the first inkey)'),
    opt('axis', 'int', -1, 'concatenation axis'),
  ], "Concatenates several keys' tensors."),
  ikokOp(G, 'rag_tensor', [], 'Wraps the tensor into a ragged tensor with a new leading dim.'),
  ikokOp(G, 'pad_to_shape', [
    req('shape', 'seq', 'target size per axis (None leaves the axis)'),
    opt('pad_value', ['number', 'str'], 0, 'fill value'),
    opt('where', 'str', 'after', 'where to pad', { choices: ['before', 'after', 'both'] }),
  ], 'Pads each axis to the given size; rank must match.'),
  ownOp(G, 'flatten', [
    opt('keys', 'seq', null, 'only flatten these keys (default: all)'),
  ], "Flattens nested feature dicts into 'a/b/c' keys."),
  ikokOp(G, 'reshape', [
    req('new_shape', ['seq', 'int'], 'target shape'),
  ], 'Reshapes, keeping the dtype.'),
  ownOp(G, 'setdefault', [
    req('key', 'str', 'feature to fill'),
    req('value', 'any', 'value to broadcast into it'),
  ], 'Sets key to value if it is missing or an empty tensor.'),
  ownOp(G, 'choice', [
    opt('n', ['str', 'int', 'seq'], 'single', "'single' (drops the axis), an int, or [min, max]"),
    opt('key', ['str', 'seq'], null, 'feature(s) to sample from (shared indices)'),
    opt('fewer_ok', 'bool', false, 'allow fewer than n entries'),
    opt('inkey', ['str', 'seq'], null, 'input feature(s) (instead of key)'),
    opt('outkey', ['str', 'seq'], null, "output feature(s); '{key}' is replaced by the inkey"),
  ], 'Randomly picks entries along axis 0.'),
  ownOp(G, 'choice_no_replacement', [
    opt('key', ['str', 'seq'], null, 'feature(s) to sample from'),
    opt('inkey', ['str', 'seq'], null, 'input feature(s) (instead of key)'),
    opt('outkey', ['str', 'seq'], null, 'output feature(s)'),
  ], 'Picks one entry per example, cycling through all entries per _id before repeating.'),
];

/** ops_image.py: 12 ops. */
export const IMAGE_PP_OPS: readonly OpSpec[] = [
  ikokOp(I, 'decode', [
    opt('channels', 'int', 3, 'number of color channels'),
    opt('precise', 'bool', false, 'integer-accurate JPEG DCT'),
  ], 'Decodes encoded image bytes (any format).', 'image', 'image', yes),
  ikokOp(I, 'resize', [
    req('size', ['int', 'seq'], 'int (square) or (h, w)'),
    opt('method', 'str', 'bilinear', 'tf.image.resize method', { choices: RESIZE_METHODS }),
    opt('antialias', 'bool', false, 'antialias when downsampling'),
  ], 'Resizes to size; result clipped and cast back to the input dtype.', 'image', 'image', yes),
  ikokOp(I, 'resize_small', [
    req('smaller_size', 'int', 'target length of the shorter side'),
    opt('method', 'str', 'area', 'tf.image.resize method', { choices: RESIZE_METHODS }),
    opt('antialias', 'bool', false, 'antialias when downsampling'),
  ], 'Aspect-preserving resize so the shorter side equals smaller_size.', 'image', 'image', yes),
  ikokOp(I, 'resize_long', [
    req('longer_size', 'int', 'target length of the longer side'),
    opt('method', 'str', 'area', 'tf.image.resize method', { choices: RESIZE_METHODS }),
    opt('antialias', 'bool', true, 'antialias when downsampling'),
  ], 'Aspect-preserving resize so the longer side equals longer_size.'),
  ikokOp(I, 'inception_crop', [
    opt('size', ['int', 'seq'], null, 'resize the crop to this size (int or (h, w))'),
    opt('area_min', 'number', 5, 'minimum crop area, percent of the image'),
    opt('area_max', 'number', 100, 'maximum crop area, percent of the image'),
    opt('method', 'str', 'bilinear', 'tf.image.resize method', { choices: RESIZE_METHODS }),
    opt('antialias', 'bool', false, 'antialias when downsampling'),
  ], 'Random crop of area_min..area_max percent (random aspect), optionally resized.', 'image', 'image', yes),
  ikokOp(I, 'decode_jpeg_and_inception_crop', [
    opt('size', ['int', 'seq'], null, 'resize the crop to this size (int or (h, w))'),
    opt('area_min', 'number', 5, 'minimum crop area, percent of the image'),
    opt('area_max', 'number', 100, 'maximum crop area, percent of the image'),
    opt('ratio_min', 'number', 0.75, 'minimum aspect ratio'),
    opt('ratio_max', 'number', 1.33, 'maximum aspect ratio'),
    opt('method', 'str', 'bilinear', 'tf.image.resize method', { choices: RESIZE_METHODS }),
    opt('antialias', 'bool', false, 'antialias when downsampling'),
  ], 'Fused JPEG decode + inception crop + optional resize.', 'image', 'image', yes),
  ikokOp(I, 'random_crop', [
    req('crop_size', ['int', 'seq'], 'int or (h, w)'),
  ], 'Random crop of the given size.', 'image', 'image', yes),
  ikokOp(I, 'central_crop', [
    opt('crop_size', ['int', 'seq'], null, 'int or (h, w); None = largest centered square'),
  ], 'Center crop.', 'image', 'image', yes),
  ikokOp(I, 'flip_lr', [], 'Random horizontal flip with p=0.5.', 'image', 'image', yes),
  ikokOp(I, 'vgg_value_range', [
    opt('mean', 'seq', [0.485 * 255, 0.456 * 255, 0.406 * 255], 'per-channel mean', { defaultText: '(0.485*255, 0.456*255, 0.406*255)' }),
    opt('std', 'seq', [0.229 * 255, 0.224 * 255, 0.225 * 255], 'per-channel std', { defaultText: '(0.229*255, 0.224*255, 0.225*255)' }),
  ], '(x - mean) / std in float32 (ImageNet statistics by default).', 'image', 'image', yes),
  ikokOp(I, 'clip_value_range', [], "(x - mean) / std with CLIP's mean/std."),
  ikokOp(I, 'convert_to_video', [
    req('num_frames', 'int', 'length of the time axis'),
  ], 'Adds a leading time axis, zero-padded to num_frames.'),
];

/** ops_text.py: 6 ops. */
export const TEXT_PP_OPS: readonly OpSpec[] = [
  ikokOp(T, 'tokenize', [
    req('max_len', 'int', 'fixed output length'),
    req('eos', 'str', "'sticky' keeps EOS as last token when truncating", { choices: ['none', 'yes', 'sticky'] }),
    opt('model', 'str', 'c4_en', 'SentencePiece path or one of mc4, cc_all, c4_en, t5, mt5'),
    opt('lower', 'bool', true, 'lowercase first'),
    opt('sample_if_multi', 'bool', true, 'sample one text when there are several'),
    opt('pad_value', ['str', 'int'], '<pad>', 'padding token (a string is tokenized to its id)'),
    opt('add_bos', 'bool', false, 'prepend BOS'),
  ], 'SentencePiece tokenization to a fixed length (pass inkey or key).', null, 'labels'),
  ownOp(T, 'coco_captions', [
    opt('outkey', 'str', 'captions', 'destination feature'),
  ], 'Copies COCO captions/text into outkey.'),
  ikokOp(T, 'clip_i1k_label_names', [], 'ImageNet-1k label id → CLIP class-name string.', 'label', 'labels'),
  ikokOp(T, 'i21k_label_names', [], 'ImageNet-21k label id → class-name string.', 'label', 'labels'),
  ikokOp(T, 'lower', [], 'Lowercases strings.', 'text', 'text'),
  ownOp(T, 'strfmt', [
    req('template', 'str', "format template filled from data keys, e.g. '{question}'"),
    opt('outkey', 'str', 'text', 'destination feature'),
  ], 'Python-format-style template filled from data keys (no format specs).'),
];

/** archive/randaug.py: 1 op (needs pp_modules += ['archive.randaug']). */
export const RANDAUG_PP_OPS: readonly OpSpec[] = [
  ikokOp('archive.randaug', 'randaug', [
    opt('num_layers', 'int', 2, 'N: transforms per image'),
    opt('magnitude', 'int', 10, 'M: transform magnitude'),
  ], 'RandAugment: num_layers transforms drawn from 16 at a shared magnitude (upstream depends on the defunct tensorflow-addons image ops).', undefined, undefined, yes),
];

/** All 67 registered upstream pp ops, default modules first. */
export const PP_OPS: readonly OpSpec[] = [
  ...GENERAL_PP_OPS,
  ...IMAGE_PP_OPS,
  ...TEXT_PP_OPS,
  ...RANDAUG_PP_OPS,
  ...PROJECT_PP_OPS,
];
