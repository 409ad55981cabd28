# Fine-tuning ("transfer") of a pre-trained ViT or BiT on a small
# classification dataset, big_vision's transfer recipe: SGD + momentum, no
# weight decay, cosine schedule, fresh zero-initialised head.
#
# ENGINE: upstream big_vision (a checkout on PYTHONPATH); the bundled trainer
#   does not load pre-trained checkpoints (model_init).
# COMMAND: python -m big_vision.train --config configs/transfer.py:model=vit-i21k-augreg-b/32,dataset=cifar10 --workdir gs://BUCKET/big_vision/transfer_b32_cifar10
# Options: model= vit-i21k-augreg-b/32 (default) | vit-i21k-augreg-l/16 |
#   vit-s16 | bit-m-r50x1; dataset= cifar10 (default) | cifar100 |
#   imagenet2012 | oxford_iiit_pet | oxford_flowers102; crop= the dataset's
#   best (default) | inception_crop | resmall_crop | resize_crop;
#   lr= the dataset's best for B/32 (default); h_res=448, l_res=384 (resize,
#   then crop to l_res); batch_size=512; fsdp (shard params over devices);
#   runlocal (tiny smoke test).
#
# EXPECTED (ViT-AugReg-B/32, mean test top-1 over 5 runs, big_vision's
#   numbers): cifar10 98.55%, cifar100 91.35%, oxford_iiit_pet 93.78%,
#   oxford_flowers102 99.43%, imagenet2012 83.27% (val/prec@1; test/prec@1 for
#   the others). Roughly minutes (pets, flowers: 500 steps) to hours
#   (imagenet2012: 20k steps at 384px) on a TPU v3-8.
"""Fine-tuning a pre-trained model on a classification dataset."""

import big_vision.configs.common as bvcc
import ml_collections as mlc

# Pre-trained models: model module, checkpoint (vanity name) and model kwargs.
MODELS = {
    'vit-i21k-augreg-b/32': dict(  # "How to train your ViT?" recommended.
        model_name='vit', model_init='howto-i21k-B/32',
        model=dict(variant='B/32', pool_type='tok')),
    'vit-i21k-augreg-l/16': dict(
        model_name='vit', model_init='howto-i21k-L/16',
        model=dict(variant='L/16', pool_type='tok')),
    'vit-s16': dict(  # configs/vit_s16_i1k.py, 300 epochs.
        model_name='vit', model_init='i1k-s16-300ep',
        model=dict(variant='S/16', pool_type='gap', posemb='sincos2d',
                   rep_size=True)),
    'bit-m-r50x1': dict(  # BiT-M (ImageNet-21k) ResNet-50x1.
        model_name='bit_paper', model_init='M',
        model=dict(depth=50, width=1)),
}

# Datasets: classes, train / validation / test splits, training length, and
# the crop + learning rate that were best for ViT-B/32 on the validation split.
DATASETS = {
    'cifar10': dict(classes=10, splits=('train[:98%]', 'train[98%:]', 'test'),
                    steps=10_000, warmup=500, crop='resmall_crop', lr=0.003),
    'cifar100': dict(classes=100,
                     splits=('train[:98%]', 'train[98%:]', 'test'),
                     steps=10_000, warmup=500, crop='resmall_crop', lr=0.01),
    'imagenet2012': dict(classes=1000,
                         splits=('train[:99%]', 'train[99%:]', 'validation'),
                         steps=20_000, warmup=500, crop='inception_crop',
                         lr=0.03),
    'oxford_iiit_pet': dict(classes=37,
                            splits=('train[:90%]', 'train[90%:]', 'test'),
                            steps=500, warmup=100, crop='inception_crop',
                            lr=0.003),
    'oxford_flowers102': dict(classes=102,
                              splits=('train[:90%]', 'train[90%:]', 'test'),
                              steps=500, warmup=100, crop='inception_crop',
                              lr=0.003),
}

CROPS = ('inception_crop', 'resmall_crop', 'resize_crop')


def _choose(table, kind, name):
  if name not in table:
    raise ValueError(f'Unknown {kind} {name!r}; valid: {", ".join(table)}.')
  return table[name]


def get_config(arg=None):
  """Returns the config; see the options in the comment at the top."""
  arg = bvcc.parse_arg(arg, model='vit-i21k-augreg-b/32', dataset='cifar10',
                       crop='', lr=0.0, h_res=448, l_res=384, batch_size=512,
                       fsdp=False, runlocal=False)
  model = _choose(MODELS, 'model', arg.model)
  data = _choose(DATASETS, 'dataset', arg.dataset)
  crop = arg.crop or data['crop']
  if crop not in CROPS:
    raise ValueError(f'Unknown crop {crop!r}; valid: {", ".join(CROPS)}.')
  train_split, val_split, test_split = data['splits']

  config = mlc.ConfigDict()
  config.seed = 0
  config.total_steps = data['steps']
  config.num_classes = data['classes']
  config.loss = 'softmax_xent'

  config.input = dict()
  config.input.data = dict(name=arg.dataset, split=train_split)
  config.input.batch_size = arg.batch_size if not arg.runlocal else 8
  config.input.shuffle_buffer_size = 50_000 if not arg.runlocal else 100

  tail = (f'|value_range(-1, 1)'
          f'|onehot({data["classes"]}, key="{{lbl}}", key_result="labels")'
          '|keep("image", "labels")')
  first = {
      'inception_crop': f'decode|inception_crop({arg.l_res})',
      'resmall_crop': f'decode|resize_small({arg.h_res})'
                      f'|random_crop({arg.l_res})',
      'resize_crop': f'decode|resize({arg.h_res})|random_crop({arg.l_res})',
  }[crop]
  config.input.pp = first + '|flip_lr' + tail.format(lbl='label')
  pp_eval = f'decode|resize_small({arg.h_res})|central_crop({arg.l_res})' + tail

  config.log_training_steps = 10
  config.ckpt_steps = 1000

  # The model, initialised from the checkpoint except for the new head.
  config.model_name = model['model_name']
  config.model_init = model['model_init']
  config.model = dict(model['model'])
  config.model_load = dict(dont_load=['head/kernel', 'head/bias'])

  config.optax_name = 'big_vision.momentum_hp'
  config.grad_clip_norm = 1.0
  config.lr = arg.lr or data['lr']
  config.wd = 0.0  # No weight decay; a float so that --config.wd can set one.
  config.schedule = dict(warmup_steps=data['warmup'], decay_type='cosine')

  def classification(dataset, split, lbl='label'):
    return dict(
        type='classification',
        data=dict(name=dataset, split=split),
        pp_fn=pp_eval.format(lbl=lbl),
        loss_name=config.loss,
        log_steps=100,
    )

  config.evals = dict()
  if arg.dataset == 'imagenet2012':
    # ImageNet's test labels are not public: the held-out 1% of train is
    # "minival" and the validation split plays the test split.
    config.evals.minival = classification(arg.dataset, val_split)
    config.evals.val = classification(arg.dataset, test_split)
    config.evals.real = classification('imagenet2012_real', 'validation',
                                       lbl='real_label')
    config.evals.v2 = classification('imagenet_v2', 'test')
  else:
    config.evals.val = classification(arg.dataset, val_split)
    config.evals.test = classification(arg.dataset, test_split)

  if arg.fsdp:
    config.mesh = [('data', -1)]
    config.sharding_strategy = [('.*', 'fsdp(axis="data")')]
    config.sharding_rules = [('act_batch', ('data',))]
    if config.model_name == 'vit':
      config.model.scan = True  # Stacked layers shard and compile faster.

  if arg.runlocal:
    config.total_steps = 10
    config.schedule.warmup_steps = 2
    for ev in config.evals.values():
      ev.data.split = ev.data.split.split('[')[0] + '[:16]'

  return config
