# MLP-Mixer trained from scratch on ImageNet-1k
# (https://arxiv.org/abs/2105.01601), big_vision's Mixer-B/16 recipe, with a
# `runlocal` smoke test of the same recipe on MNIST.
#
# ENGINE: the bundled trainer for `runlocal` (after `bv data prepare mnist`);
#   the ImageNet run is for upstream big_vision on TPUs (a checkout on
#   PYTHONPATH): python -m big_vision.train --config configs/mlp_mixer_i1k.py --workdir gs://BUCKET/big_vision/mixer_b16_i1k
# COMMAND: bv train --config configs/mlp_mixer_i1k.py:runlocal --workdir /tmp/mixer_runlocal
# Options: variant=S/16|S/32|B/16|B/32|L/16|L/32|H/14 (default B/16),
#   epochs=300, batch_size=4096, runlocal. On 8 GPUs use
#   configs/mlp_mixer_i1k.py:epochs=60,batch_size=512
#
# EXPECTED: Mixer-B/16 reaches 76.3% top-1 (val/prec@1) after 300 epochs in
#   about 2h10m on a TPU v3-128; 60 epochs give about 70.5% in under half an
#   hour there. Needs the imagenet2012, imagenet2012_real and imagenet_v2
#   TFDS datasets. `runlocal` trains a 4-block, 64-wide Mixer with 7x7
#   patches on the ~10k MNIST digits of `bv data prepare mnist` for 5 epochs
#   (the same loss, optimizer, schedule shape and stochastic depth, a higher
#   peak rate; no randaug, mixup or few-shot probes): about 94% test/prec@1 in under two
#   minutes on a 2-core CPU (105 s measured).
"""MLP-Mixer supervised training on ImageNet-1k (or MNIST with runlocal)."""

import big_vision.configs.common as bvcc
from big_vision.configs.common_fewshot import get_fewshot_lsr
import ml_collections as mlc


def get_config(arg=None):
  """Returns the config; `arg` options: variant, epochs, batch_size, runlocal."""
  arg = bvcc.parse_arg(arg, variant='B/16', epochs=300, batch_size=4096,
                       runlocal=False)
  config = mlc.ConfigDict()

  config.seed = 0
  config.total_epochs = arg.epochs if not arg.runlocal else 5
  config.num_classes = 1000 if not arg.runlocal else 10
  config.loss = 'sigmoid_xent'
  config.init_head_bias = -6.9 if not arg.runlocal else -2.3  # log(1/classes)

  config.log_training_steps = 50 if not arg.runlocal else 10
  config.ckpt_steps = 1000 if not arg.runlocal else 100
  config.prefetch_to_device = 2

  # Stochastic depth grows linearly to 0.1 at the last block.
  config.model_name = 'mlp_mixer'
  config.model = dict(variant=arg.variant, stoch_depth=0.1)

  config.optax_name = 'scale_by_adam'
  config.grad_clip_norm = 1.0
  config.lr = 0.001
  config.wd = 0.0001
  config.schedule = dict(decay_type='linear', warmup_steps=10_000,
                         linear_end=1e-5)

  if arg.runlocal:
    return _mnist_runlocal(config)

  config.input = dict()
  config.input.data = dict(name='imagenet2012', split='train[:99%]')
  config.input.batch_size = arg.batch_size
  # Caching the raw data needs up to 120 GB of RAM; it pays off on big hosts.
  config.input.cache_raw = arg.batch_size >= 4096
  config.input.shuffle_buffer_size = 250_000

  labels = '|onehot(1000, key="{lbl}", key_result="labels")'
  keep = '|keep("image", "labels")'
  config.input.pp = ('decode_jpeg_and_inception_crop(224)|flip_lr'
                     '|randaug(2,15)|value_range(-1, 1)'
                     + labels.format(lbl='label') + keep)
  pp_eval = ('decode|resize_small(256)|central_crop(224)|value_range(-1, 1)'
             + labels + keep)
  config.pp_modules = ['ops_general', 'ops_image', 'ops_text',
                       'archive.randaug']
  config.mixup = dict(p=0.5, fold_in=None)

  def classification(dataset, split, lbl='label'):
    return dict(
        type='classification',
        data=dict(name=dataset, split=split),
        pp_fn=pp_eval.format(lbl=lbl),
        loss_name=config.loss,
        log_steps=2500,
        cache='final_data' if config.input.cache_raw else 'none',
    )

  config.evals = dict()
  config.evals.train = classification('imagenet2012', 'train[:2%]')
  config.evals.minival = classification('imagenet2012', 'train[99%:]')
  config.evals.val = classification('imagenet2012', 'validation')
  config.evals.v2 = classification('imagenet_v2', 'test')
  config.evals.real = classification('imagenet2012_real', 'validation',
                                     lbl='real_label')
  # Few-shot linear probes on frozen pre-logits.
  config.evals.fewshot = get_fewshot_lsr()

  return config


def _mnist_runlocal(config):
  """The recipe above on the MNIST digits of `bv data prepare mnist`."""
  # 28x28 digits, 7x7 patches: 16 tokens. A Mixer sized for that (the
  # smallest variant, S, is 512 wide with 8 blocks).
  config.model = dict(patch_size=(7, 7), num_blocks=4, hidden_dim=64,
                      tokens_mlp_dim=32, channels_mlp_dim=256,
                      stoch_depth=0.1)
  # A run of minutes, not days: a shorter warmup and a higher peak rate.
  config.schedule.warmup_steps = 30
  config.lr = 0.003

  labels = ('|onehot(10, key="label", key_result="labels")'
            '|keep("image", "labels")')
  config.input = dict()
  config.input.data = dict(name='mnist', split='train')
  config.input.batch_size = 128
  config.input.cache_raw = True  # About 20 MB of PNGs.
  config.input.shuffle_buffer_size = 10_000
  config.input.pp = ('decode(channels=1)|resize(32)|random_crop(28)'
                     '|value_range(-1, 1)' + labels)
  config.pp_modules = ['ops_general', 'ops_image']

  config.evals = dict()
  config.evals.test = dict(
      type='classification',
      data=dict(name='mnist', split='test'),
      pp_fn=('decode(channels=1)|resize(32)|central_crop(28)'
             '|value_range(-1, 1)' + labels),
      loss_name=config.loss,
      log_steps=150,
      skip_first=True,  # No eval of the untrained model.
  )
  return config
