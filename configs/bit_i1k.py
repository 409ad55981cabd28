# BiT ResNet (v1 with GroupNorm + weight standardisation) trained from
# scratch on ImageNet-1k for 90 epochs, as in https://arxiv.org/abs/1912.11370
# (the "BiT-S" upstream setting), with a `runlocal` smoke test of the same
# recipe on MNIST.
#
# ENGINE: the bundled trainer for `runlocal` (after `bv data prepare mnist`);
#   the ImageNet run is for upstream big_vision on TPUs (a checkout on
#   PYTHONPATH): python -m big_vision.train --config configs/bit_i1k.py --workdir gs://BUCKET/big_vision/bit_r50x1_i1k
# COMMAND: bv train --config configs/bit_i1k.py:runlocal --workdir /tmp/bit_runlocal
# Options: depth=26|50|101|152|200 (default 50), width=1.0 (channel
# multiplier, a multiple of 0.5), epochs=90, runlocal.
# Example: configs/bit_i1k.py:depth=101,width=3
#
# EXPECTED: about 76-77% top-1 (val/prec@1) for R50x1 (BiT-S level; not
#   re-measured by us); about 32 minutes on a TPU v3-128, many hours on a
#   v3-8. Needs the imagenet2012, imagenet2012_real and imagenet_v2 TFDS
#   datasets. `runlocal` trains a 3-stage BiT (one unit a stage, width 0.5,
#   0.5M parameters) on the ~10k MNIST digits of `bv data prepare mnist` for
#   2 epochs with the same optimizer, linear-scaling rule and schedule shape:
#   about 89% test/prec@1 in about 3 minutes on a 2-core CPU (175 s measured).
"""BiT-ResNet supervised training on ImageNet-1k (or MNIST with runlocal)."""

import big_vision.configs.common as bvcc
import ml_collections as mlc


def get_config(arg=None):
  """Returns the config; `arg` options: depth, width, epochs, runlocal."""
  arg = bvcc.parse_arg(arg, depth=50, width=1.0, epochs=90, runlocal=False)
  config = mlc.ConfigDict()

  config.seed = 0
  config.total_epochs = arg.epochs if not arg.runlocal else 2
  config.num_classes = 1000 if not arg.runlocal else 10
  config.loss = 'softmax_xent'

  config.input = dict()
  if not arg.runlocal:
    config.input.data = dict(name='imagenet2012', split='train[:99%]')
    config.input.batch_size = 4096
    config.input.cache_raw = True  # Up to 120 GB of RAM.
    config.input.shuffle_buffer_size = 250_000
    tail = ('|onehot(1000, key="{lbl}", key_result="labels")'
            '|value_range(-1, 1)|keep("image", "labels")')
    config.input.pp = ('decode_jpeg_and_inception_crop(224)|flip_lr'
                       + tail.format(lbl='label'))
    pp_eval = 'decode|resize_small(256)|central_crop(224)' + tail
  else:
    # The ~10k digits of `bv data prepare mnist` (28x28, one channel).
    config.input.data = dict(name='mnist', split='train')
    config.input.batch_size = 128
    config.input.cache_raw = True  # About 20 MB of PNGs.
    config.input.shuffle_buffer_size = 10_000
    tail = ('|onehot(10, key="{lbl}", key_result="labels")'
            '|value_range(-1, 1)|keep("image", "labels")')
    config.input.pp = ('decode(channels=1)|resize(32)|random_crop(28)'
                       + tail.format(lbl='label'))
    pp_eval = 'decode(channels=1)|resize(32)|central_crop(28)' + tail

  config.log_training_steps = 50 if not arg.runlocal else 10
  config.ckpt_steps = 1000 if not arg.runlocal else 100

  config.model_name = 'bit'
  if not arg.runlocal:
    config.model = dict(depth=arg.depth, width=arg.width)
  else:
    # Sized for 28x28 digits: 32 root channels (the fewest GroupNorm's 32
    # groups allow), one unit in each of three stages (7x7, 4x4, 2x2).
    config.model = dict(depth=[1, 1, 1], width=0.5)

  # SGD with momentum; learning rate and weight decay follow the linear
  # scaling rule (0.1 and 1e-4 per 256 examples).
  batch_size = config.input.batch_size
  config.optax_name = 'big_vision.momentum_hp'
  config.grad_clip_norm = 1.0
  config.lr = 0.1 * batch_size / 256
  config.wd = 1e-4 * batch_size / 256
  config.schedule = dict(decay_type='cosine',
                         warmup_steps=1000 if not arg.runlocal else 30)

  def classification(dataset, split, lbl='label'):
    return dict(
        type='classification',
        data=dict(name=dataset, split=split),
        pp_fn=pp_eval.format(lbl=lbl),
        loss_name=config.loss,
        log_steps=1000 if not arg.runlocal else 100,
        # The eval sets are small: keep them preprocessed in memory.
        cache='final_data' if not arg.runlocal else 'none',
    )

  config.evals = dict()
  if not arg.runlocal:
    config.evals.val = classification('imagenet2012', 'validation')
    config.evals.train = classification('imagenet2012', 'train[:2%]')
    config.evals.minival = classification('imagenet2012', 'train[99%:]')
    config.evals.v2 = classification('imagenet_v2', 'test')
    config.evals.real = classification('imagenet2012_real', 'validation',
                                       lbl='real_label')
  else:
    config.evals.test = classification('mnist', 'test')
    config.evals.test.skip_first = True  # No eval of the untrained model.

  return config
