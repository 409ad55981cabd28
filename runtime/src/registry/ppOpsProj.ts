// The 33 pp ops registered by upstream's project modules (PaliGemma, UViM,
// GIVT, CLIPPO, flaxformer, NaFlex image_text). Configs reach them through
// `pp_modules`; the `module` field is that entry. None are bundled: the tfjs
// trainer only runs the classification pipeline ops (see ppOps.ts).

import { ikokOp, kwOnly, opt, ownOp, req, RESIZE_METHODS } from './specHelpers';
import type { OpSpec } from './types';

const PG = 'proj.paligemma.ops';
const VID = 'proj.paligemma.video';
const UV = 'proj.uvim.pp_ops';
const NF = 'proj.image_text.ops_naflex';

const naflexParams = [
  req('patch_size', 'int', 'patch side in pixels'),
  req('max_sequence_len', 'int', 'maximum number of patches'),
  opt('divisible_by_patch', 'bool', true, 'make both sides multiples of patch_size'),
  opt('eps', 'float', 1e-5, 'binary-search tolerance'),
];

/** PaliGemma ops (16). */
const PALIGEMMA: readonly OpSpec[] = [
  ownOp(PG, 'tok', [
    req('model', 'str', "tokenizer spec, e.g. 'gemma(tokensets=(\"loc\", \"seg\"))'"),
    opt('length', 'int', null, 'pad/truncate to this length'),
    kwOnly(opt('bos', 'str', 'no', 'prepend BOS', { choices: ['no', 'yes'] })),
    kwOnly(opt('eos', 'str', 'no', "append EOS ('sticky' keeps it when truncating)", { choices: ['no', 'yes', 'sticky'] })),
    kwOnly(opt('text', 'str', null, 'tokenize this constant instead of a feature')),
    kwOnly(opt('key', 'str', null, 'read and write this feature')),
    kwOnly(opt('inkey', 'str', null, 'feature to read')),
    kwOnly(opt('outkey', 'str', null, 'feature to write')),
  ], 'Tokenizes a scalar string (or constant text) to int32 tokens.'),
  ikokOp(PG, 'tolen', [
    req('length', 'int', 'target length (falsy = no-op)', { nullable: true }),
    kwOnly(opt('sticky_end', 'bool', false, 'keep the last token when truncating')),
    kwOnly(opt('pad_value', 'any', null, 'literal pad value')),
    kwOnly(opt('pad_key', 'str', null, 'take the pad value from this feature')),
  ], 'Pads/truncates a 1-D tensor to length (pass key).', null, null),
  ownOp(PG, 'masked_concat', [
    req('keys', 'seq', 'features to concatenate'),
    opt('outkey', 'str', 'text', 'destination feature'),
  ], 'Concatenates keys; each extra kwarg mask_x=[v1, ...] builds a same-length mask.', 'key', {
    kwargs: req('masks', 'seq', 'one value per key, e.g. mask_ar=[0, 0, 1]'),
  }),
  ikokOp(PG, 'strjoin', [
    req('glue', 'str', 'separator'),
    opt('axis', 'int', null, 'axis to join along (None = all)'),
  ], 'Joins string tensor elements with glue.'),
  ikokOp(PG, 'majority', [], 'Most frequent value.'),
  ownOp(PG, 'getidx', [
    req('inkey', 'str', 'tensor to index'),
    req('index_key', 'str', 'feature holding the index'),
    opt('outkey', 'str', null, 'destination (default: inkey)'),
  ], 'data[outkey or inkey] = data[inkey][data[index_key]].'),
  ikokOp('proj.paligemma.robustness', 'resize_r', [
    req('size', ['int', 'seq'], 'int or (h, w)'),
  ], 'Resize with a random method/antialias combination.'),
  ikokOp('proj.paligemma.robustness', 'random_jpeg', [
    req('p', 'number', 'probability of re-encoding'),
  ], 'With probability p re-encodes as JPEG (quality 75-95).'),
  ownOp('proj.paligemma.sciqa_ops', 'sci_qa_choices_shuffle', [
    opt('choice_str_inkey', 'str', 'choices', 'feature with the options'),
    opt('ans_inkey', 'str', 'answer', 'feature with the answer index'),
    opt('indexed_choices_outkey', 'str', 'indexed_choices', "where to write '(A) x, (B) y'"),
    opt('indexed_answer_outkey', 'str', 'indexed_answer', 'where to write the answer letter'),
  ], 'Shuffles multiple-choice options and renders them with letters.'),
  ownOp('proj.paligemma.segmentation', 'refcoco_mask2str', [
    opt('model', 'str', 'oi', "VQ-VAE checkpoint ('oi' = gs://big_vision/paligemma/vae-oid.npz)"),
  ], 'Encodes a RefCOCO mask+bbox as <locXXXX>/<segXXX> token text.', 'none'),
  ownOp(VID, 'video_decode', [req('res', 'int', 'output side length')], 'Decodes episodic_images frames, resizes, maps to [-1, 1] into image.', 'none'),
  ownOp(VID, 'video_ensure_shape', [
    req('key', 'str', 'feature to check'),
    req('shape', 'seq', 'expected static shape'),
  ], 'Static-shape assertion.'),
  ownOp(VID, 'video_replicate_img', [
    req('replicas', 'int', 'how often to tile the frames'),
    req('num_frames', 'int', 'frames to keep'),
  ], 'Tiles image frames and keeps the first num_frames.', 'none'),
  ikokOp(VID, 'video_choice', [
    opt('empty_fallback', 'any', null, 'value when the tensor is empty'),
  ], 'Flattens and picks one random element.'),
  ownOp(VID, 'stack_images', [
    opt('inkeys', 'seq', [], 'image features to stack'),
    opt('outkey', 'str', 'image', 'destination feature'),
  ], 'Stacks several image keys into one tensor.'),
  ownOp('proj.paligemma.widgetcap', 'draw_bbox', [
    opt('image_key', 'str', 'image', 'image feature'),
    opt('bbox_key', 'str', 'bbox', 'box feature'),
  ], 'Draws a red box into the image.'),
];

/** UViM ops (10). */
const UVIM: readonly OpSpec[] = [
  ikokOp(UV, 'rgb_to_grayscale_to_rgb', [], 'Grayscale, replicated to 3 channels.'),
  ownOp(UV, 'nyu_eval_crop', [], 'Crops image and labels (480x640) to the NYU eval region.', 'none'),
  ikokOp(UV, 'nyu_depth', [], 'Depth as float32 with a trailing channel axis.', 'depth', 'labels'),
  ownOp(UV, 'coco_panoptic', [], 'Builds semantics and instances masks from COCO panoptic features.', 'none'),
  ikokOp(UV, 'make_canonical', [
    opt('random', 'bool', false, 'random instead of spatial order'),
    opt('main_sort_axis', 'str', 'y', 'primary sort axis', { choices: ['y', 'x'] }),
  ], 'Renumbers instance ids in spatial (or random) order.', 'labels', 'labels'),
  ownOp(UV, 'inception_box', [
    kwOnly(opt('area', 'seq', [0.05, 1.0], 'relative area range')),
    kwOnly(opt('aspect', 'seq', [0.75, 1.33], 'aspect ratio range')),
    kwOnly(opt('min_obj_cover', 'number', 0.0, 'minimum object coverage', { defaultText: '0.0' })),
    kwOnly(opt('outkey', 'str', 'box', 'where to store (begin, size)')),
    kwOnly(opt('inkey', 'str', 'image', 'image to sample a box for')),
  ], 'Samples an inception-style crop box in relative coordinates.'),
  ikokOp(UV, 'crop_box', [
    kwOnly(opt('boxkey', 'str', 'box', 'feature with the box')),
  ], 'Crops using the box stored in data[boxkey].'),
  ownOp(UV, 'randu', [req('key', 'str', 'destination feature')], 'Stores a U[0, 1) scalar in key.'),
  ikokOp(UV, 'det_fliplr', [
    kwOnly(opt('randkey', 'str', 'fliplr', 'feature with the random number')),
  ], 'Flips if data[randkey] > 0.5 (same decision across keys).'),
  ikokOp(UV, 'strong_hash', [], 'Strong string hash to int.', 'tfds_id', 'tfds_id'),
];

/** GIVT, CLIPPO, flaxformer and NaFlex ops (7). */
const OTHER: readonly OpSpec[] = [
  ikokOp('proj.givt.pp_ops', 'bin_nyu_depth', [
    opt('min_depth', 'number', 0.001, 'lower edge'),
    opt('max_depth', 'number', 10.0, 'upper edge', { defaultText: '10.0' }),
    opt('num_bins', 'int', 256, 'number of bins'),
  ], 'Quantizes depth into integer bins.', 'labels', 'labels'),
  ikokOp('proj.clippo.pp_ops', 'render_unifont', [
    req('image_size', 'int', 'output side length'),
    opt('font_size', 'int', 16, 'glyph size'),
    opt('max_chars', 'int', 768, 'characters rendered at most'),
    opt('background_brightness', 'int', 127, 'background gray level'),
    opt('text_brightness', 'int', 0, 'text gray level'),
    opt('lower', 'bool', true, 'lowercase first'),
    opt('monospace', 'bool', false, 'fixed-width layout'),
    opt('spacing', 'int', 1, 'pixels between glyphs'),
    opt('min_width', 'int', 4, 'minimum glyph width'),
    opt('resize_method', 'str', 'area', 'tf.image.resize method', { choices: RESIZE_METHODS }),
  ], 'Renders text as an RGB image with GNU Unifont (needs the downloaded .hex files).', 'texts', 'image'),
  ikokOp('proj.flaxformer.bert_ops', 'bert_tokenize', [
    req('vocab_path', 'str', 'WordPiece vocabulary file'),
    req('max_len', 'int', 'fixed output length'),
    opt('sample_if_multi', 'bool', true, 'sample one text when there are several'),
  ], 'WordPiece tokenization with a leading [CLS], padded to max_len.', null, 'labels'),
  ikokOp(NF, 'resize_to_sequence', naflexParams, 'Aspect-preserving resize to the most patches ≤ max_sequence_len.'),
  ikokOp(NF, 'central_crop_to_sequence', naflexParams, 'Central crop to the most patches ≤ max_sequence_len.'),
  ikokOp(NF, 'patchify', [
    req('patch_size', ['int', 'seq'], 'patch size'),
  ], 'Replaces the image by {patches, yidx, xidx, type}.'),
  ownOp(NF, 'tuplify', [
    req('inkeys', 'seq', 'features (nested paths allowed)'),
    req('outkey', 'str', 'destination feature'),
  ], 'data[outkey] = tuple of the inkeys values.'),
];

/** All project-module pp ops. */
export const PROJECT_PP_OPS: readonly OpSpec[] = [...PALIGEMMA, ...UVIM, ...OTHER];
