"""The standard few-shot linear-probe evaluator config (`fewshot_lsr`).

Big Vision Studio's bundled implementation of upstream's
`big_vision/configs/common_fewshot.py`; `get_fewshot_lsr` returns the same
ConfigDict for the same arguments.
"""

import ml_collections as mlc

# name -> (TFDS dataset, train split, test split). ImageNet is left out, as
# upstream does, because it needs a manual download.
_DATASETS = {
    'caltech': ('caltech101', 'train', 'test'),
    'cars': ('cars196:2.1.0', 'train', 'test'),
    'cifar100': ('cifar100', 'train', 'test'),
    'dtd': ('dtd', 'train', 'test'),
    'pets': ('oxford_iiit_pet', 'train', 'test'),
    'uc_merced': ('uc_merced', 'train[:1000]', 'train[1000:]'),
}
# The only dataset kept for quick local runs.
_RUNLOCAL_DATASETS = {'pets': _DATASETS['pets']}

_DURATION_SUFFIXES = ('steps', 'percent', 'examples', 'epochs')


def get_fewshot_lsr(target_resolution=224, resize_resolution=256,
                    runlocal=False, pp=None, **kw):
  """Returns the config of a `fewshot_lsr` evaluator.

  Args:
    target_resolution: size of the central crop fed to the model.
    resize_resolution: size the images are resized to before cropping.
    runlocal: evaluate on pets only (for quick local runs).
    pp: pp string replacing the default resize/crop/value_range; a
      `|keep("image", "label")` is appended in any case.
    **kw: other evaluator settings; defaults are filled in for
      representation_layer, shots, l2_reg, num_seeds, prefix and, unless some
      `log_*` duration is given, `log_steps=25_000`.
  """
  kw.setdefault('representation_layer', 'pre_logits')
  kw.setdefault('shots', (1, 5, 10, 25))
  kw.setdefault('l2_reg', 2.0 ** 10)
  kw.setdefault('num_seeds', 3)
  kw.setdefault('prefix', '')  # Metric names already start with a/ or z/.
  if all(f'log_{s}' not in kw for s in _DURATION_SUFFIXES):
    kw['log_steps'] = 25_000

  config = mlc.ConfigDict(kw)
  config.type = 'fewshot_lsr'
  config.datasets = dict(_RUNLOCAL_DATASETS if runlocal else _DATASETS)

  if not pp:
    pp = (f'decode|resize({resize_resolution})|'
          f'central_crop({target_resolution})|value_range(-1,1)')
  pp += '|keep("image", "label")'
  config.pp_train = pp
  config.pp_eval = pp
  config.display_first = [('pets', 10)] if runlocal else [('imagenet', 10)]
  return config
