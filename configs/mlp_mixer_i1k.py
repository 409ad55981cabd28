# MLP-Mixer trained from scratch on ImageNet-1k
# (https://arxiv.org/abs/2105.01601), big_vision's Mixer-B/16 recipe.
#
# ENGINE: upstream big_vision (a checkout on PYTHONPATH); the bundled trainer
#   has no MLP-Mixer, randaug, mixup or few-shot evaluator.
# COMMAND: python -m big_vision.train --config configs/mlp_mixer_i1k.py --workdir gs://BUCKET/big_vision/mixer_b16_i1k
# Options: variant=S/16|S/32|B/16|B/32|L/16|... (default B/16), epochs=300,
# batch_size=4096, runlocal (tiny smoke test). On 8 GPUs use
# configs/mlp_mixer_i1k.py:epochs=60,batch_size=512
#
# EXPECTED: Mixer-B/16 reaches 76.3% top-1 (val/prec@1) after 300 epochs in
#   about 2h10m on a TPU v3-128; 60 epochs give about 70.5% in under half an
#   hour there. Needs the imagenet2012, imagenet2012_real and imagenet_v2
#   TFDS datasets.
"""MLP-Mixer supervised training on ImageNet-1k."""

import big_vision.configs.common as bvcc
from big_vision.configs.common_fewshot import get_fewshot_lsr
import ml_collections as mlc


def get_config(arg=None):
  """Returns the config; `arg` options: variant, epochs, batch_size, runlocal."""
  arg = bvcc.parse_arg(arg, variant='B/16', epochs=300, batch_size=4096,
                       runlocal=False)
  config = mlc.ConfigDict()

  config.seed = 0
  config.total_epochs = arg.epochs
  config.num_classes = 1000
  config.loss = 'sigmoid_xent'
  config.init_head_bias = -6.9  # About log(1/1000).

  config.input = dict()
  config.input.data = dict(name='imagenet2012', split='train[:99%]')
  config.input.batch_size = arg.batch_size if not arg.runlocal else 8
  # Caching the raw data needs up to 120 GB of RAM; it pays off on big hosts.
  config.input.cache_raw = arg.batch_size >= 4096 and not arg.runlocal
  config.input.shuffle_buffer_size = 250_000 if not arg.runlocal else 10

  labels = '|onehot(1000, key="{lbl}", key_result="labels")'
  keep = '|keep("image", "labels")'
  config.input.pp = ('decode_jpeg_and_inception_crop(224)|flip_lr'
                     '|randaug(2,15)|value_range(-1, 1)'
                     + labels.format(lbl='label') + keep)
  pp_eval = ('decode|resize_small(256)|central_crop(224)|value_range(-1, 1)'
             + labels + keep)
  config.pp_modules = ['ops_general', 'ops_image', 'ops_text',
                       'archive.randaug']

  config.log_training_steps = 50
  config.ckpt_steps = 1000
  config.prefetch_to_device = 2

  # Stochastic depth grows linearly to 0.1 at the last block.
  config.model_name = 'mlp_mixer'
  config.model = dict(variant=arg.variant, stoch_depth=0.1)
  config.mixup = dict(p=0.5, fold_in=None)

  config.optax_name = 'scale_by_adam'
  config.grad_clip_norm = 1.0
  config.lr = 0.001
  config.wd = 0.0001
  config.schedule = dict(decay_type='linear', warmup_steps=10_000,
                         linear_end=1e-5)

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
  config.evals.fewshot = get_fewshot_lsr(runlocal=arg.runlocal)

  if arg.runlocal:
    for name in ('train', 'minival', 'val', 'v2', 'real'):
      ev = config.evals[name]
      ev.data.split = ev.data.split.split('[')[0] + '[:16]'

  return config
