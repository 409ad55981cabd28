// Evaluator modules usable as `config.evals.<name>.type` (upstream imports
// big_vision.evaluators.<type>), with the keys each accepts: the generic keys
// evaluators/common.py pops, the shared eval_input_pipeline keys for those
// that forward **kw to it, and their own constructor args. The bundled
// trainer runs `classification`, `fewshot_lsr` and `proj.distill.distance`.

import { opt, req } from './specHelpers';
import type { EvaluatorSpec, ParamSpec } from './types';

/** Keys `from_config` pops from every eval entry before calling the evaluator. */
export const EVAL_COMMON_KEYS: readonly ParamSpec[] = [
  opt('type', 'str', null, "evaluator module under big_vision/evaluators/ (default: the eval's name)", { defaultText: '<eval name>' }),
  opt('pred', 'str', 'predict', "trainer predict fn (train.py offers 'predict' and 'loss')"),
  opt('pred_kw', 'dict', null, 'extra kwargs bound to the predict fn'),
  opt('prefix', 'str', null, 'prepended to every metric name', { defaultText: "'<eval name>/'" }),
  opt('skip_first', 'bool', false, 'do not run at step 0 (still runs at the end)'),
];

/** Keys of `common.eval_input_pipeline` (valid for evaluators with `pipeline: true`). */
export const EVAL_PIPELINE_KEYS: readonly ParamSpec[] = [
  req('data', 'dict', 'datasets.core.get kwargs (name, split, data_dir, or bv:jsonl args)'),
  req('pp_fn', 'str', 'pp string'),
  opt('batch_size', 'int', null, 'global eval batch (falls back to batch_size_eval, input.batch_size, batch_size)'),
  opt('keep_on_cpu', 'seq', [], 'batch keys kept as host numpy (some evaluators set this themselves)'),
  opt('cache', 'str', 'pipeline', "what to keep between runs ('raw_data' caches after pp, 'final_data' before: upstream wires them crosswise)", { choices: ['none', 'pipeline', 'raw_data', 'final_data'] }),
  opt('prefetch', 'int', 1, 'batches to prefetch'),
  opt('warmup', 'bool', false, 'start fetching immediately'),
];

const data = req('data', 'dict', 'datasets.core.get kwargs');
const ppFn = req('pp_fn', 'str', 'pp string');
const batch = req('batch_size', 'int', 'global eval batch (auto-filled)');
const tokenizer = req('tokenizer', 'str', "tokenizer spec, e.g. 'gemma(tokensets=(\"loc\", \"seg\"))'");
const outfile = opt('outfile', 'str', '{workdir}/{split}.json', 'where predictions are written');
const qKey = opt('out_question_key', 'str', 'question_id', 'question-id field of the output json');
const aKey = opt('out_answer_key', 'str', 'answer', 'answer field of the output json');
const toLower = opt('to_lower', 'bool', false, 'lowercase before comparing');
const legacyCache = [opt('cache_final', 'bool', true, 'cache after pp'), opt('cache_raw', 'bool', false, 'cache before pp'), opt('prefetch', 'int', 1, 'batches to prefetch')];
const predictKw = opt('predict_kwargs', 'dict', null, 'extra predict kwargs');

const ev = (
  name: string,
  api: 'jit' | 'pmap',
  doc: string,
  params: readonly ParamSpec[],
  pipeline: boolean,
  metrics: readonly string[],
  rest: Partial<EvaluatorSpec> = {},
): EvaluatorSpec => ({ name, api, doc, params, pipeline, metrics, bundled: false, ...rest });

/** classification, fewshot_lsr, mean, save. */
const CORE: readonly EvaluatorSpec[] = [
  ev('classification', 'jit', 'Top-1 precision and loss of (logits, ...) against one/multi-hot labels.', [
    req('loss_name', 'str', 'loss in big_vision/utils.py', { choices: ['softmax_xent', 'sigmoid_xent'] }),
    opt('label_key', 'str', 'labels', 'batch key of the labels'),
  ], true, ['prec@1', 'loss'], {
    bundled: true,
    rejectedKeys: [
      { name: 'cache_final', reason: "removed upstream (TypeError); use cache= instead (upstream's cache='raw_data' is the one that caches after pp)" },
      { name: 'cache_raw', reason: "removed upstream (TypeError); use cache= instead (upstream's cache='final_data' is the one that caches before pp)" },
      { name: 'dataset', reason: "old schema; use data=dict(name=..., split=...)" },
      { name: 'split', reason: "old schema; use data=dict(name=..., split=...)" },
      { name: 'label_mapping', reason: 'only the internal classification_with_labelmap evaluator reads it' },
    ],
  }),
  ev('fewshot_lsr', 'jit', 'Closed-form L2-regularised least-squares linear probes on frozen representations.', [
    batch,
    req('datasets', 'dict', 'name → (tfds_name, train_split, test_split)'),
    req('shots', 'seq', 'shot counts, e.g. (1, 5, 10, 25)'),
    req('l2_reg', 'number', 'ridge regularisation'),
    req('pp_train', 'str', 'pp string for the probe training images'),
    req('pp_eval', 'str', 'pp string for the probe test images'),
    req('display_first', 'seq', "Pairs of (dataset name, shots) whose results are reported under 'a/' instead of 'z/'"),
    opt('representation_layer', 'str', null, "path into the predict fn's output (None = first output)"),
    opt('num_seeds', 'int', 3, 'repetitions with different shot samples'),
    opt('label_key', 'str', 'label', 'label feature'),
    opt('mask_key', 'str', '_mask', 'padding mask feature'),
    opt('data_dir', 'str', null, 'TFDS data dir'),
  ], false, ['a/<name>_<shots>shot-seed-<s>', 'z/<name>_<shots>shot-seed-<s>'], { bundled: true }),
  ev('mean', 'jit', "Masked mean of every key of the predict fn's output dict (e.g. pred='loss').", [], true, ['<output key>']),
  ev('save', 'jit', 'Saves inputs and outputs to outfile.', [data, ppFn, batch, req('outfile', 'str', 'path with {workdir}, {step}'), ...legacyCache], false, [], {
    broken: 'calls utils.save_checkpoint, removed upstream',
  }),
];

/** The 26 project evaluators. */
const PROJECT: readonly EvaluatorSpec[] = [
  ev('proj.cappa.perplexity', 'jit', 'Perplexity (mean evaluator).', [opt('normalize_by_seqlen', 'bool', false, 'divide by sequence length')], true, ['perplexity']),
  ev('proj.cappa.scoring_classifier', 'jit', 'Classification by scoring tokenized class names (imagenet2012 only).', [req('pp_txt', 'str', 'pp string tokenizing class names')], true, ['prec@1']),
  ev('proj.distill.distance', 'jit', 'Distances between student and teacher outputs.', [
    data, ppFn,
    req('distances', 'seq', 'dicts: kind (euclidean, l2, hard, kl, logsoftmax_euclidean, agree) plus t, ls, k, feat_axis, epsilon'),
    opt('what', 'seq', ['logits', 'logits'], 'paths into student/teacher outputs'),
    batch, opt('cache_raw', 'bool', false, 'cache before pp'), opt('cache_final', 'bool', false, 'cache after pp'),
    opt('num_parallel_calls', 'int', null, 'pp parallelism'), opt('prefetch', 'int', 1, 'batches to prefetch'),
  ], false, ['<distance>/all', '<distance>/avg', '<distance>/min', '<distance>/max'], { bundled: true }),
  ev('proj.givt.coco_panoptic', 'jit', 'COCO panoptic quality.', [ppFn, batch, opt('data', 'dict', null, 'default: COCO 2017 panoptic'), ...legacyCache, opt('save_dir', 'str', null, 'where to save predictions')], false, ['All_pq', 'All_rq', 'All_sq', 'Stuff_pq', 'Stuff_rq', 'Stuff_sq', 'Things_pq', 'Things_rq', 'Things_sq']),
  ev('proj.givt.nyu_depth', 'jit', 'NYU depth metrics.', [ppFn, batch, data, ...legacyCache, opt('min_depth', 'number', 1e-3, 'depth range'), opt('max_depth', 'number', 10, 'depth range')], false, ['RMSE', 'abs_RE', 'log10', 'delta1', 'delta2', 'delta3']),
  ev('proj.givt.save_predictions', 'jit', 'Writes predictions to a compressed npz.', [ppFn, batch, data, req('outfile', 'str', 'relative to workdir'), ...legacyCache], false, []),
  ev('proj.image_text.contrastive', 'pmap', 'Contrastive loss and in-batch accuracy (legacy).', [data, ppFn, batch, req('use_global_batch', 'bool', 'contrast across the global batch'), ...legacyCache, opt('label_key', 'str', 'labels', 'text key')], false, ['ncorrect_minibatch', 'loss']),
  ev('proj.image_text.discriminative_classifier', 'jit', 'Zero-shot classification accuracy.', [
    batch,
    opt('dataset_names', 'seq', ['imagenet2012', 'cifar100', 'oxford_iiit_pet'], 'TFDS datasets'),
    opt('data_dir', 'str', null, 'TFDS data dir'),
    opt('class_names', ['str', 'seq'], 'dataset_info:label', "'dataset_info:<feature>', a source like 'clip', or a list"),
    opt('split', 'str', 'test', 'split'),
    opt('prompt_templates', ['str', 'seq'], 'clip_paper', 'class_name_only, clip_paper, clip_best, or a list'),
    opt('canonicalize', 'bool', true, 'canonicalize class names'),
    opt('pp_img', 'str', 'resize(224)|value_range(-1,1)', 'image pp string'),
    opt('pp_txt', 'str', "tokenize(max_len=16, eos='sticky', pad_value=1, inkey='texts', outkey='labels')", 'text pp string'),
    opt('cache_final', 'bool', false, 'cache after pp'),
    opt('pre_filter_fn', 'any', null, 'filter applied before pp'),
    opt('first_class_name_only', 'bool', true, 'use only the first name per class'),
    opt('dataset_overrides', ['dict', 'seq'], null, 'per-dataset overrides', { defaultText: "(('imagenet2012', (('class_names', 'clip'), ('split', 'validation'))),)" }),
    opt('async_delay', 'int', 1, 'steps to delay the asynchronous evaluation'),
  ], false, ['<dataset>_accuracy']),
  ev('proj.image_text.retrieval', 'jit', 'Image↔text retrieval recall.', [
    req('dataset', 'str', 'TFDS name'), req('pp_img', 'str', 'image pp string'), req('pp_txt', 'str', 'text pp string'),
    req('txt_name', ['str', 'seq'], "text feature name or path, e.g. ('captions', 'text')"), batch,
    opt('data_dir', 'str', null, 'TFDS data dir'), opt('split', 'str', 'test', 'split'), opt('cache_final', 'bool', true, 'cache after pp'),
  ], false, ['img2txt_recall@1', 'img2txt_recall@5', 'img2txt_recall@10', 'txt2img_recall@1', 'txt2img_recall@5', 'txt2img_recall@10']),
  ev('proj.paligemma.perplexity', 'jit', 'Perplexity (mean evaluator; prefetch defaults to 0).', [opt('key', 'str', 'labels', 'target key'), opt('shift_labels', 'bool', false, 'shift targets by one'), opt('pad_token', 'int', null, 'ignored token')], true, ['sum', 'avg']),
  ev('proj.paligemma.transfers.vqa', 'jit', 'VQA accuracy / ANLS.', [tokenizer, toLower, outfile, qKey, aKey], true, ['acc', 'acc_any', 'anls', 'num']),
  ev('proj.paligemma.transfers.vqav2', 'jit', 'VQAv2 accuracy by answer type.', [tokenizer, outfile], true, ['acc', 'acc/yesno', 'num/yesno', 'acc/number', 'num/number', 'acc/other', 'num/other', 'num']),
  ev('proj.paligemma.transfers.chartqa', 'jit', 'ChartQA (relaxed) accuracy.', [tokenizer, toLower, outfile, qKey, aKey], true, ['acc', 'relaxed_acc', 'num']),
  ev('proj.paligemma.transfers.coco_caption', 'jit', 'COCO caption metrics.', [
    opt('tokenizer', 'str', null, 'tokenizer spec'),
    opt('metrics', 'seq', ['cider'], 'from cider, bleu-4, rouge, spice, meteor'),
    opt('preds_outfile', 'str', '{workdir}/{name}_{split}_preds.json', 'predictions file'),
    opt('annot_outfile', 'str', '{workdir}/{name}_{split}_annotations.json', 'annotations file'),
  ], true, ['<metric>']),
  ev('proj.paligemma.transfers.storepreds', 'jit', 'Stores predictions.', [
    opt('tokenizer', 'str', null, 'tokenizer spec'),
    opt('preds_outfile', 'str', '{workdir}/{name}_{split}_preds.json', 'predictions file'),
    opt('annot_outfile', 'str', '{workdir}/{name}_{split}_annotations.json', 'annotations file'),
    opt('id_key', 'str', 'id', 'example-id key'),
  ], true, ['num_examples']),
  ev('proj.paligemma.transfers.pope', 'jit', 'POPE hallucination accuracy.', [data, ppFn, tokenizer, batch, outfile, qKey, aKey], false, ['acc', 'valid_percent', 'num']),
  ev('proj.paligemma.transfers.rsvqa', 'jit', 'RSVQA accuracy by question type.', [tokenizer, toLower, outfile], true, ['acc', 'acc_any', 'anls', 'acc_<type>', 'acc_avg', 'acc_avg_<postfix>', 'num']),
  ev('proj.paligemma.transfers.science_qa', 'jit', 'ScienceQA accuracy.', [tokenizer, outfile, qKey], true, ['acc', 'parsefail', 'num']),
  ev('proj.paligemma.transfers.segmentation', 'jit', 'Referring segmentation mIoU and box accuracy.', [tokenizer, opt('model', 'str', 'oi', 'VQ-VAE checkpoint'), opt('det_ious', 'seq', [0.5, 0.75], 'box IoU thresholds')], true, ['miou', 'boxacc/<iou>', 'invalid', 'total']),
  ev('proj.paligemma.transfers.tallyqa', 'jit', 'TallyQA counting accuracy.', [tokenizer], true, ['acc', 'num', 'acc/<type>', 'num/<type>']),
  ev('proj.uvim.coco_panoptic', 'pmap', 'COCO panoptic quality (legacy).', [ppFn, batch, opt('dataset', 'str', 'coco/2017_panoptic', 'TFDS name'), opt('dataset_dir', 'str', null, 'TFDS data dir'), opt('split', 'str', 'validation', 'split'), predictKw], false, ['All_pq', 'All_rq', 'All_sq', 'Stuff_pq', 'Stuff_rq', 'Stuff_sq', 'Things_pq', 'Things_rq', 'Things_sq']),
  ev('proj.uvim.coltran_fid', 'pmap', 'FID for colorization (legacy).', [opt('batch_size', 'int', null, 'ignored'), opt('device_batch_size', 'int', 5, 'per-device batch'), opt('coltran_seed', 'int', 1, 'seed'), predictKw], false, ['FID_5k']),
  ev('proj.uvim.compute_mean', 'pmap', 'Means of predict outputs (legacy).', [data, ppFn, batch, ...legacyCache], false, ['<output key>']),
  ev('proj.uvim.nyu_depth', 'pmap', 'NYU depth metrics (legacy).', [ppFn, batch, req('dataset', 'str', 'TFDS name'), req('split', 'str', 'split'), opt('min_depth', 'number', 1e-3, 'depth range'), opt('max_depth', 'number', 10, 'depth range'), opt('dataset_dir', 'str', null, 'TFDS data dir'), predictKw], false, ['RMSE', 'abs_RE', 'log10', 'delta1', 'delta2', 'delta3']),
  ev('proj.uvim.psnr', 'pmap', 'PSNR (legacy).', [ppFn, batch, opt('dataset', 'str', 'imagenet2012', 'TFDS name'), opt('split', 'str', 'validation', 'split'), predictKw], false, ['PSNR']),
  ev('proj.uvim.save_predictions', 'pmap', 'Saves predictions (legacy).', [ppFn, req('dataset', 'str', 'TFDS name'), req('split', 'str', 'split'), batch, req('outfile', 'str', 'output file'), predictKw, opt('dataset_dir', 'str', null, 'TFDS data dir')], false, [], {
    broken: 'calls utils.save_checkpoint, removed upstream',
  }),
];

/** All 30 evaluator modules, core first. */
export const EVALUATORS: readonly EvaluatorSpec[] = [...CORE, ...PROJECT];

/** Every key an eval entry of this type may contain (generic + pipeline + own). */
export function acceptedEvalKeys(spec: EvaluatorSpec): ParamSpec[] {
  const own = new Set(spec.params.map((p) => p.name));
  const pipeline = spec.pipeline ? EVAL_PIPELINE_KEYS.filter((p) => !own.has(p.name)) : [];
  return [...EVAL_COMMON_KEYS, ...pipeline, ...spec.params];
}

/** Why a legacy pmap evaluator fails under big_vision.train (it passes `devices`). */
export const PMAP_EVALUATOR_NOTE = 'legacy pmap evaluator: big_vision.train passes devices=, which raises RuntimeError';
