# Plain ViT-S/16 on ImageNet-1k, 90 epochs: the "better plain ViT baseline"
# of https://arxiv.org/abs/2205.01580 (big_vision's vit_s16_i1k recipe).
#
# ENGINE: upstream big_vision (a checkout on PYTHONPATH); the bundled trainer
#   runs it too (randaug and mixup included) where the TFDS datasets are on
#   disk, but at ImageNet scale only as a smoke test.
# COMMAND: python -m big_vision.train --config configs/vit_s16_i1k.py --workdir gs://BUCKET/big_vision/vit_s16_i1k
# Longer runs: configs/vit_s16_i1k.py:epochs=300 (or --config.total_epochs=300).
# Quick local smoke test: configs/vit_s16_i1k.py:runlocal
#
# EXPECTED: 76.5% top-1 on ImageNet validation (val/prec@1) after 90 epochs,
#   about 6-7 hours on a TPU v3-8 (longer runs score higher, see the paper
#   above). Needs the imagenet2012, imagenet2012_real and imagenet_v2 TFDS
#   datasets, and up to 120 GB of host RAM for the raw-data cache.
"""ViT-S/16 on ImageNet-1k: Adam, cosine schedule, RandAugment and mixup."""

import big_vision.configs.common as bvcc
import ml_collections as mlc


def get_config(arg=None):
  """Returns the training config; `arg` options: epochs, runlocal."""
  arg = bvcc.parse_arg(arg, epochs=90, runlocal=False)
  config = mlc.ConfigDict()

  config.seed = 0
  config.total_epochs = arg.epochs
  config.num_classes = 1000
  config.loss = 'softmax_xent'

  # Data: 99% of the train split; the last 1% is kept as "minival".
  config.input = dict()
  config.input.data = dict(name='imagenet2012', split='train[:99%]')
  config.input.batch_size = 1024
  config.input.cache_raw = not arg.runlocal  # Up to 120 GB of RAM.
  config.input.shuffle_buffer_size = 250_000 if not arg.runlocal else 10

  labels = '|onehot(1000, key="{lbl}", key_result="labels")'
  keep = '|keep("image", "labels")'
  config.input.pp = (
      'decode_jpeg_and_inception_crop(224)|flip_lr|randaug(2,10)'
      '|value_range(-1, 1)' + labels.format(lbl='label') + keep)
  pp_eval = ('decode|resize_small(256)|central_crop(224)|value_range(-1, 1)'
             + labels + keep)
  # randaug lives in an archive module that is not imported by default.
  config.pp_modules = ['ops_general', 'ops_image', 'ops_text',
                       'archive.randaug']

  config.log_training_steps = 50
  config.ckpt_steps = 1000

  # Model: global average pooling and fixed 2-D sin-cos position embeddings
  # instead of a class token and learned ones; zero-initialised head.
  config.model_name = 'vit'
  config.model = dict(
      variant='S/16',
      rep_size=True,
      pool_type='gap',
      posemb='sincos2d',
      head_zeroinit=True,
  )

  # Optimizer: Adam (first moment in bfloat16), decoupled weight decay.
  config.optax_name = 'scale_by_adam'
  config.optax = dict(mu_dtype='bfloat16')
  config.grad_clip_norm = 1.0
  config.lr = 0.001
  config.wd = 0.0001
  config.schedule = dict(warmup_steps=10_000, decay_type='cosine')
  config.mixup = dict(p=0.2, fold_in=None)

  # Evals: fast (seconds), so they run every 2500 steps.
  def classification(dataset, split, lbl='label'):
    return dict(
        type='classification',
        data=dict(name=dataset, split=split),
        pp_fn=pp_eval.format(lbl=lbl),
        loss_name=config.loss,
        log_steps=2500,
    )

  config.evals = dict()
  config.evals.train = classification('imagenet2012', 'train[:2%]')
  config.evals.minival = classification('imagenet2012', 'train[99%:]')
  config.evals.val = classification('imagenet2012', 'validation')
  config.evals.v2 = classification('imagenet_v2', 'test')
  config.evals.real = classification('imagenet2012_real', 'validation',
                                     lbl='real_label')

  if arg.runlocal:
    config.input.batch_size = 8
    for ev in config.evals.values():
      ev.data.split = ev.data.split.split('[')[0] + '[:16]'

  return config
