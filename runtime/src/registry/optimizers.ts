// What `optax_name`/`optax`, `schedule` and `loss` can name (schema.md §1,
// §4): optax constructors and big_vision's `optax.big_vision.*` additions with
// their kwargs, the schedule-dict keys with the decay types, and the two
// losses train.py can call. Bundled: scale_by_adam, big_vision.momentum_hp,
// identity and big_vision.sgd (its alias), every decay type, both losses.

import { kwOnly, opt, req } from './specHelpers';
import type { LossSpec, OptimizerSpec, ParamSpec, ScheduleSpec } from './types';

// big_vision multiplies by `lr` itself, so optax aliases that take a
// learning_rate should get learning_rate=1.0 in config.optax.
const LR = req('learning_rate', 'number', 'required by the optax alias; big_vision already scales by config.lr, so use 1.0');
const b1 = opt('b1', 'float', 0.9, 'first-moment decay');
const b2 = opt('b2', 'float', 0.999, 'second-moment decay');
const eps = opt('eps', 'float', 1e-8, 'denominator epsilon');
const epsRoot = opt('eps_root', 'float', 0.0, 'epsilon inside the square root');
const muDtype = opt('mu_dtype', 'str', null, "first-moment dtype, e.g. 'bfloat16'");
const nesterov = kwOnly(opt('nesterov', 'bool', false, 'Nesterov momentum'));
const mask = opt('mask', 'any', null, 'weight-decay mask (use config.wd_mults instead)');
const bf16 = { defaultText: 'jnp.bfloat16' };

const optax = (name: string, doc: string, params: readonly ParamSpec[], bundled = false): OptimizerSpec => ({ name, doc, params, source: 'optax', bundled });
const bv = (name: string, doc: string, params: readonly ParamSpec[], bundled = false): OptimizerSpec => ({ name, doc, params, source: 'big_vision', bundled });

/** `optax_name` values: big_vision's own, the scale_by_* transforms, and common aliases. */
export const OPTIMIZERS: readonly OptimizerSpec[] = [
  optax('scale_by_adam', 'Adam scaling (the usual ViT choice).', [b1, b2, eps, epsRoot, muDtype, nesterov], true),
  optax('identity', 'Plain SGD: the gradient unchanged (times lr and schedule).', [], true),
  bv('big_vision.momentum_hp', 'SGD momentum trace with a low-precision accumulator.', [
    opt('momentum', 'float', 0.9, 'trace decay'),
    opt('dtype', 'str', 'bfloat16', 'accumulator dtype', bf16),
    opt('nesterov', 'bool', false, 'Nesterov momentum'),
  ], true),
  bv('big_vision.scale_by_adafactor', 'Adafactor: factored second moment with capped decay, optional block-RMS clipping, EMA momentum.', [
    opt('min_dim_size_to_factor', 'int', 32, 'factor dims at least this large'),
    opt('decay_rate', 'float', 0.8, 'second-moment decay exponent'),
    opt('decay_offset', 'int', 0, 'step offset of the decay'),
    opt('beta2_cap', 'float', 0.999, 'cap of the second-moment decay'),
    opt('clipping_threshold', 'float', null, 'block-RMS clipping (None = off)'),
    opt('momentum', 'float', 0.9, 'EMA momentum (falsy = off)', { nullable: true }),
    opt('dtype_momentum', 'str', 'bfloat16', 'momentum dtype', bf16),
    opt('eps', 'float', 1e-30, 'epsilon'),
  ]),
  bv('big_vision.sgd', 'Alias of optax.identity.', [], true),
  optax('scale_by_rms', 'RMSProp scaling.', [
    opt('decay', 'float', 0.9, 'decay'), eps, opt('initial_scale', 'float', 0.0, 'initial accumulator'),
    opt('eps_in_sqrt', 'bool', true, 'epsilon inside the sqrt'), opt('bias_correction', 'bool', false, 'bias correction'),
  ]),
  optax('scale_by_lion', 'Lion sign update.', [b1, opt('b2', 'float', 0.99, 'momentum decay'), muDtype]),
  optax('scale_by_belief', 'AdaBelief scaling.', [b1, b2, opt('eps', 'float', 1e-16, 'epsilon'), opt('eps_root', 'float', 1e-16, 'epsilon in sqrt'), nesterov]),
  optax('scale_by_factored_rms', 'Factored second-moment scaling (as in Adafactor).', [
    opt('factored', 'bool', true, 'factor large dims'), opt('decay_rate', 'float', 0.8, 'decay exponent'),
    opt('step_offset', 'int', 0, 'step offset'), opt('min_dim_size_to_factor', 'int', 128, 'factor dims at least this large'),
    opt('epsilon', 'float', 1e-30, 'epsilon'),
  ]),
  optax('scale_by_sm3', 'SM3 scaling.', [b1, opt('b2', 'float', 1.0, 'second-moment decay'), eps]),
  optax('trace', 'Momentum trace.', [req('decay', 'float', 'momentum'), opt('nesterov', 'bool', false, 'Nesterov'), opt('accumulator_dtype', 'str', null, 'accumulator dtype')]),
  optax('adam', 'Adam alias (includes its own learning rate).', [LR, b1, b2, eps, epsRoot, muDtype, nesterov]),
  optax('adamw', 'AdamW alias (prefer scale_by_adam + config.wd).', [LR, b1, b2, eps, epsRoot, muDtype, opt('weight_decay', 'float', 1e-4, 'coupled to the optax lr'), mask, nesterov]),
  optax('sgd', 'SGD alias.', [LR, opt('momentum', 'float', null, 'momentum (None = off)'), opt('nesterov', 'bool', false, 'Nesterov'), opt('accumulator_dtype', 'str', null, 'accumulator dtype')]),
  optax('lion', 'Lion alias.', [LR, b1, opt('b2', 'float', 0.99, 'momentum decay'), muDtype, opt('weight_decay', 'float', 1e-3, 'weight decay'), mask]),
  optax('lamb', 'LAMB alias.', [LR, b1, b2, opt('eps', 'float', 1e-6, 'epsilon'), epsRoot, opt('weight_decay', 'float', 0.0, 'weight decay'), mask]),
  optax('adafactor', 'optax Adafactor alias (big_vision.scale_by_adafactor is the usual one).', [
    opt('learning_rate', 'number', null, 'None = no lr scaling'), opt('min_dim_size_to_factor', 'int', 128, 'factor dims at least this large'),
    opt('decay_rate', 'float', 0.8, 'decay exponent'), opt('decay_offset', 'int', 0, 'step offset'),
    opt('multiply_by_parameter_scale', 'bool', true, 'relative step size'), opt('clipping_threshold', 'float', 1.0, 'block-RMS clipping'),
    opt('momentum', 'float', null, 'momentum'), opt('dtype_momentum', 'str', 'float32', 'momentum dtype', { defaultText: 'jnp.float32' }),
    opt('weight_decay_rate', 'float', null, 'weight decay'), opt('eps', 'float', 1e-30, 'epsilon'),
    opt('factored', 'bool', true, 'factor large dims'), opt('weight_decay_mask', 'any', null, 'weight-decay mask'),
  ]),
  optax('rmsprop', 'RMSProp alias.', [
    LR, opt('decay', 'float', 0.9, 'decay'), eps, opt('initial_scale', 'float', 0.0, 'initial accumulator'),
    opt('eps_in_sqrt', 'bool', true, 'epsilon inside the sqrt'), opt('centered', 'bool', false, 'centered variant'),
    opt('momentum', 'float', null, 'momentum'), opt('nesterov', 'bool', false, 'Nesterov'), opt('bias_correction', 'bool', false, 'bias correction'),
  ]),
  optax('adagrad', 'Adagrad alias.', [LR, opt('initial_accumulator_value', 'float', 0.1, 'initial accumulator'), opt('eps', 'float', 1e-7, 'epsilon')]),
  optax('adabelief', 'AdaBelief alias.', [LR, b1, b2, opt('eps', 'float', 1e-16, 'epsilon'), opt('eps_root', 'float', 1e-16, 'epsilon in sqrt'), opt('weight_decay', 'float', null, 'weight decay'), opt('weight_decay_mask', 'any', null, 'weight-decay mask'), nesterov]),
];

/**
 * Keys of one schedule dict every decay type reads (durations are listed as
 * families in configKeys.ts: warmup, cooldown, and rsqrt's timescale/shift).
 * `base` is forbidden (use `mult`).
 */
export const SCHEDULE_KEYS: readonly ParamSpec[] = [
  opt('decay_type', 'str', 'stair', 'shape of the schedule', { choices: ['cosine', 'linear', 'polynomial', 'rsqrt', 'stair'] }),
  opt('mult', 'float', 1.0, 'peak value of this schedule (multiplies config.lr)'),
  opt('scale_with_batchsize', 'bool', false, 'multiply by batch_size / 256'),
];

/** `decay_type` values with the schedule keys only they read. */
export const DECAY_TYPES: readonly ScheduleSpec[] = [
  { name: 'cosine', doc: '`mult * 0.5 * (1 + cos(pi * progress))` after warmup.', params: [], bundled: true },
  {
    name: 'linear',
    doc: '`end + (mult - end) * (1 - progress) ** power` after warmup.',
    params: [
      opt('power', 'number', 1, 'polynomial power'),
      opt('end', 'number', 0, 'final value'),
      opt('linear_end', 'number', 0, 'older name of end; end wins when both are set'),
    ],
    bundled: true,
  },
  { name: 'polynomial', aliasOf: 'linear', doc: 'Same as linear.', params: [], bundled: true },
  {
    name: 'rsqrt',
    doc: '`mult / sqrt(1 + (step + shift - warmup) / timescale)` after warmup; timescale and shift are durations.',
    params: [opt('timescale', 'number', 10000, 'decay timescale in steps'), opt('shift', 'number', 0, 'step shift')],
    bundled: true,
  },
  {
    name: 'stair',
    doc: 'mult * [1, *mults][i], i = number of boundaries in steps that are <= step (the default type).',
    params: [opt('steps', 'seq', [], 'boundaries (in steps)'), opt('mults', 'seq', [], 'multiplier after each boundary')],
    bundled: true,
  },
];

/** `config.loss` values train.py can call as fn(logits=..., labels=...). */
export const LOSSES: readonly LossSpec[] = [
  { name: 'sigmoid_xent', doc: 'Sigmoid cross-entropy summed over classes (the default; multi-label safe).', multiLabel: true, bundled: true },
  { name: 'softmax_xent', doc: 'Softmax cross-entropy against a label distribution.', multiLabel: false, bundled: true },
];
