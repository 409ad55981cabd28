/**
 * `config.init_head_bias`, as train.py's init applies it: right after the model is initialised (before
 * `model_init` loads a checkpoint, which may replace it), `head/bias` is filled with the constant. Configs with a
 * sigmoid loss set it to about log(1/num_classes), so training starts at the loss of the class prior instead of
 * spending its first steps getting there.
 */
import * as tf from '@tensorflow/tfjs';
import type { JsonObject } from '../registry';
import type { Params } from '../models/types';
import { ConfigKeyError } from '../semantics/configKeyError';

/** `fresh` with `head/bias` set to `config.init_head_bias` when the config has one (None: left as it is). */
export function withInitHeadBias(fresh: Params, config: JsonObject): Params {
  const value = config.init_head_bias;
  if (value === undefined || value === null) return fresh;
  if (typeof value !== 'number') throw new ConfigKeyError(['init_head_bias'], `${JSON.stringify(value)} must be a number.`);
  const bias = fresh['head/bias'];
  if (!bias) throw new ConfigKeyError(['init_head_bias'], 'the model has no head/bias to set (num_classes is None or 0): remove init_head_bias or set num_classes.');
  bias.dispose();
  return { ...fresh, 'head/bias': tf.fill(bias.shape, value) };
}
