# ViT pre-training on ImageNet-21k with the AugReg recipe of "How to train
# your ViT?" (https://arxiv.org/abs/2106.10270), the recipe behind the
# `howto-i21k-*` checkpoints that configs/transfer.py fine-tunes.
#
# ENGINE: upstream big_vision (a checkout on PYTHONPATH); the bundled trainer
#   runs it too (randaug, mixup and few-shot evals included) where the TFDS
#   datasets are on disk, but at ImageNet scale only as a smoke test.
# COMMAND: python -m big_vision.train --config configs/vit_i21k.py:variant=B/16 --workdir gs://BUCKET/big_vision/vit_b16_i21k
# Options: variant=Ti/16|S/32|S/16|B/32|B/16|L/16 (default B/16);
# aug=none|light1|light2|medium1|medium2|strong1|strong2 (default: the
# paper's pick for the variant); epochs=300; runlocal (tiny smoke test).
#
# EXPECTED: a pre-trained model, judged by fine-tuning (configs/transfer.py)
#   and by the few-shot probes logged here as a/imagenet_10shot-... and
#   z/<dataset>_<n>shot-...; B/16 for 300 epochs takes days on a TPU pod
#   slice. Needs the `imagenet21k` TFDS dataset, which is not public in TFDS:
#   build it yourself (features `image` and `labels`, one split "full").
"""ViT (AugReg) supervised pre-training on ImageNet-21k."""

import big_vision.configs.common as bvcc
from big_vision.configs.common_fewshot import get_fewshot_lsr
import ml_collections as mlc

NUM_CLASSES = 21843

# Augmentation levels: mixup alpha and RandAugment(layers, magnitude).
MIXUP = {
    'none': 0.0, 'light1': 0.0, 'light2': 0.2, 'medium1': 0.2,
    'medium2': 0.5, 'strong1': 0.5, 'strong2': 0.8,
}
RANDAUG = {
    'none': '', 'light1': 'randaug(2,0)', 'light2': 'randaug(2,10)',
    'medium1': 'randaug(2,15)', 'medium2': 'randaug(2,15)',
    'strong1': 'randaug(2,20)', 'strong2': 'randaug(2,20)',
}
# With 14M images, small models need less augmentation than on ImageNet-1k.
DEFAULT_AUG = {
    'Ti/16': 'none', 'S/32': 'none', 'S/16': 'light1',
    'B/32': 'light2', 'B/16': 'light2', 'L/16': 'medium2',
}


def get_config(arg=None):
  """Returns the config; `arg` options: variant, aug, epochs, runlocal."""
  arg = bvcc.parse_arg(arg, variant='B/16', aug='', epochs=300,
                       runlocal=False)
  aug = arg.aug or DEFAULT_AUG.get(arg.variant)
  if aug not in MIXUP:
    raise ValueError(f'No augmentation level for variant={arg.variant!r}, '
                     f'aug={arg.aug!r}; pass aug= one of {sorted(MIXUP)}.')

  config = mlc.ConfigDict()
  config.seed = 0
  config.total_epochs = arg.epochs
  config.num_classes = NUM_CLASSES
  config.loss = 'sigmoid_xent'
  config.init_head_bias = -10.0  # About log(1/21843).

  # The first 51200 images of "full" are held out for the evals below.
  config.input = dict()
  config.input.data = dict(name='imagenet21k', split='full[51200:]')
  config.input.batch_size = 4096
  config.input.shuffle_buffer_size = 250_000
  config.input.prefetch = 8
  config.prefetch_to_device = 4

  # Examples carry `labels`, a list of class ids; onehot makes it multi-hot.
  tail = f'|value_range(-1, 1)|onehot({NUM_CLASSES})|keep("image", "labels")'
  train_ops = ['decode_jpeg_and_inception_crop(224)', 'flip_lr']
  if RANDAUG[aug]:
    train_ops.append(RANDAUG[aug])
  config.input.pp = '|'.join(train_ops) + tail
  pp_eval = 'decode|resize_small(256)|central_crop(224)' + tail
  config.pp_modules = ['ops_general', 'ops_image', 'ops_text',
                       'archive.randaug']

  config.log_training_steps = 50
  config.ckpt_steps = 1000

  config.model_name = 'vit'
  config.model = dict(variant=arg.variant, pool_type='gap', posemb='learn')

  config.optax_name = 'scale_by_adam'
  config.optax = dict(mu_dtype='bfloat16')
  config.grad_clip_norm = 1.0
  config.lr = 0.001
  config.wd = 0.0001
  config.schedule = dict(warmup_steps=10_000, decay_type='cosine')
  config.mixup = dict(p=MIXUP[aug], fold_in=None)

  def held_out(split):
    return dict(
        type='classification',
        data=dict(name='imagenet21k', split=split),
        pp_fn=pp_eval,
        loss_name=config.loss,
        log_steps=1000,
    )

  config.evals = dict()
  config.evals.test = held_out('full[:25_600]')
  config.evals.val = held_out('full[25_600:51_200]')
  config.evals.train = held_out('full[51_200:76_800]')
  # Linear few-shot probes on frozen pre-logits (caltech, cars, cifar100, dtd,
  # pets, uc_merced; only pets with runlocal).
  config.evals.fewshot = get_fewshot_lsr(runlocal=arg.runlocal)
  config.evals.fewshot.log_steps = 25_000

  if arg.runlocal:
    config.input.batch_size = 8
    config.input.shuffle_buffer_size = 10
    config.input.prefetch = 1
    for name in ('test', 'val', 'train'):
      config.evals[name].data.split = 'full[:16]'

  return config
