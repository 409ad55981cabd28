"""Snippets shared by the image-text configs (LiT, SigLIP, CLIPPO).

Bundled, upstream-compatible version of
`big_vision/configs/proj/image_text/common.py`: the same `inits` table and
evaluator builders `get_disclf` (zero-shot classification) and `get_coco`
(COCO retrieval), returning the same ConfigDicts.
"""

import ml_collections

_AUGREG = 'gs://vit_models/augreg/'
_BERT = 'gs://vit_models/lit/bert/'

# Tower name -> (variant or BERT size, checkpoint). The ViT ones are the
# recommended "How to train your ViT" ImageNet-21k checkpoints.
inits = {
    'bert_base': ('base', _BERT + 'uncased_L-12_H-768_A-12'),
    'bert_large': ('large', _BERT + 'uncased_L-uncased_L-24_H-1024_A-16'),
    'B/32': ('B/32', _AUGREG + 'B_32-i21k-300ep-lr_0.001-aug_light1-wd_0.1-'
             'do_0.0-sd_0.0.npz'),
    'B/16': ('B/16', _AUGREG + 'B_16-i21k-300ep-lr_0.001-aug_medium1-wd_0.1-'
             'do_0.0-sd_0.0.npz'),
    'L/16': ('L/16', _AUGREG + 'L_16-i21k-300ep-lr_0.001-aug_strong1-wd_0.1-'
             'do_0.0-sd_0.0.npz'),
}


def _square875(sz):
  """Resize so that an `sz` central crop keeps 87.5%, crop, scale to [-1, 1]."""
  return f'resize({int(sz / 0.875)})|central_crop({sz})|value_range(-1,1)'


def _aspect75(sz):
  """Like `_square875` but aspect-preserving, keeping 75% of the short side."""
  return f'resize_small({int(sz / 0.75)})|central_crop({sz})|value_range(-1,1)'


def _drop_no_real_label(f):
  """Pre-filter: keeps ImageNet-ReaL examples that have a label."""
  return len(f['real_label']) > 0


def _drop_no_imagenet(f):
  """Pre-filter: keeps examples that map to an ImageNet class."""
  return len(f['labels_imagenet']) > 0


def _real_pp_img(sz):
  return (_square875(sz) + '|pad_to_shape(inkey="real_label", outkey="label", '
          'shape=[10], pad_value=-1)|keep("label", "image")')


# Per-dataset settings of the discriminative classifier. A callable `pp_img`
# is called with the resolution by `get_disclf`.
DISCLF_DATASET_OVERRIDES = {
    'imagenet2012': {'class_names': 'clip', 'split': 'validation'},
    'imagenet2012_minival': {
        'dataset_name': 'imagenet2012',
        'class_names': 'clip',
        'split': 'train[99%:]',
    },
    'imagenet2012_real': {
        'split': 'validation',
        'class_names': 'clip',
        'class_names_dataset_name': 'imagenet2012',
        'pp_img': lambda sz: _real_pp_img(sz),  # pylint: disable=unnecessary-lambda
        'pre_filter_fn': _drop_no_real_label,
    },
    'imagenet_v2': {'class_names': 'clip'},
    'imagenet_a': {
        'class_names': 'clip',
        'pp_img': lambda sz: _aspect75(sz) + '|map("i1k_i1ka")',
    },
    'imagenet_r': {
        'class_names': 'clip',
        'pp_img': lambda sz: _square875(sz) + '|map("i1k_i1kr")',
    },
}


def get_disclf(sz, *, pp_txt=None, dataset_names=('imagenet2012',), **kw):
  """Config of a zero-shot `proj.image_text.discriminative_classifier` eval.

  Args:
    sz: image resolution.
    pp_txt: text pp string (the evaluator's default when not given).
    dataset_names: datasets to classify; known ones get their overrides from
      `DISCLF_DATASET_OVERRIDES`.
    **kw: other evaluator settings (e.g. `log_steps`).
  """
  config = ml_collections.ConfigDict(dict(
      dataset_names=list(dataset_names),
      type='proj.image_text.discriminative_classifier',
      prefix='z/0shot/',
      pp_img=_square875(sz),
      dataset_overrides={},
      cache_final=True,
      **kw,
  ))
  if pp_txt:
    config.pp_txt = pp_txt
  for name in dataset_names:
    if name not in DISCLF_DATASET_OVERRIDES:
      continue
    config.dataset_overrides[name] = dict(DISCLF_DATASET_OVERRIDES[name])
    override = config.dataset_overrides[name]
    if 'pp_img' in override and callable(override['pp_img']):
      # The field holds a function; the string replacing it changes its type.
      with override.ignore_type():
        override['pp_img'] = override['pp_img'](sz)
  return config


def get_coco(
    *,
    pp_img='resize(224)|value_range(-1, 1)',
    pp_txt='tokenize(max_len=16, inkey="texts", eos="sticky", pad_value=1)',
    prefix='z/retr/coco_',
    **kw):
  """Config of a zero-shot COCO-captions `proj.image_text.retrieval` eval.

  Args:
    pp_img: pp string for the "image" feature.
    pp_txt: pp string tokenizing "texts" into "labels".
    prefix: metric name prefix.
    **kw: other settings (e.g. `log_steps`); they win over the defaults.
  """
  return ml_collections.ConfigDict({
      'type': 'proj.image_text.retrieval',
      'pp_txt': pp_txt,
      'pp_img': pp_img,
      'prefix': prefix,
      'dataset': 'coco_captions',
      'txt_name': ('captions', 'text'),
      **kw,
  })
