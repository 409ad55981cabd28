# BiT ResNet (v1 with GroupNorm + weight standardisation) trained from
# scratch on ImageNet-1k for 90 epochs, as in https://arxiv.org/abs/1912.11370
# (the "BiT-S" upstream setting).
#
# ENGINE: upstream big_vision (a checkout on PYTHONPATH); the bundled trainer
#   has no BiT model.
# COMMAND: python -m big_vision.train --config configs/bit_i1k.py --workdir gs://BUCKET/big_vision/bit_r50x1_i1k
# Options: depth=26|50|101|152|200 (default 50), width=1.0 (channel
# multiplier), epochs=90, runlocal (tiny smoke test).
# Example: configs/bit_i1k.py:depth=101,width=3
#
# EXPECTED: about 76-77% top-1 (val/prec@1) for R50x1 (BiT-S level; not
#   re-measured by us); about 32 minutes on a TPU v3-128, many hours on a
#   v3-8. Needs the imagenet2012, imagenet2012_real and imagenet_v2 TFDS
#   datasets.
"""BiT-ResNet supervised training on ImageNet-1k with SGD + momentum."""

import big_vision.configs.common as bvcc
import ml_collections as mlc


def get_config(arg=None):
  """Returns the config; `arg` options: depth, width, epochs, runlocal."""
  arg = bvcc.parse_arg(arg, depth=50, width=1.0, epochs=90, runlocal=False)
  config = mlc.ConfigDict()

  config.seed = 0
  config.total_epochs = arg.epochs
  config.num_classes = 1000
  config.loss = 'softmax_xent'

  config.input = dict()
  config.input.data = dict(name='imagenet2012', split='train[:99%]')
  config.input.batch_size = 4096 if not arg.runlocal else 32
  config.input.cache_raw = not arg.runlocal  # Up to 120 GB of RAM.
  config.input.shuffle_buffer_size = 250_000 if not arg.runlocal else 100

  tail = ('|onehot(1000, key="{lbl}", key_result="labels")'
          '|value_range(-1, 1)|keep("image", "labels")')
  config.input.pp = ('decode_jpeg_and_inception_crop(224)|flip_lr'
                     + tail.format(lbl='label'))
  pp_eval = 'decode|resize_small(256)|central_crop(224)' + tail

  config.log_training_steps = 50
  config.ckpt_steps = 1000

  config.model_name = 'bit'
  config.model = dict(depth=arg.depth, width=arg.width)

  # SGD with momentum; learning rate and weight decay follow the linear
  # scaling rule (0.1 and 1e-4 per 256 examples).
  batch_size = config.input.batch_size
  config.optax_name = 'big_vision.momentum_hp'
  config.grad_clip_norm = 1.0
  config.lr = 0.1 * batch_size / 256
  config.wd = 1e-4 * batch_size / 256
  config.schedule = dict(decay_type='cosine', warmup_steps=1000)

  def classification(dataset, split, lbl='label'):
    return dict(
        type='classification',
        data=dict(name=dataset, split=split),
        pp_fn=pp_eval.format(lbl=lbl),
        loss_name=config.loss,
        log_steps=1000,
        # The eval sets are small: keep them preprocessed in memory.
        cache='final_data' if not arg.runlocal else 'none',
    )

  config.evals = dict()
  config.evals.val = classification('imagenet2012', 'validation')
  if not arg.runlocal:
    config.evals.train = classification('imagenet2012', 'train[:2%]')
    config.evals.minival = classification('imagenet2012', 'train[99%:]')
    config.evals.v2 = classification('imagenet_v2', 'test')
    config.evals.real = classification('imagenet2012_real', 'validation',
                                       lbl='real_label')

  return config
