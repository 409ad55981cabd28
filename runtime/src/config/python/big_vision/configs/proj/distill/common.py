"""Teacher checkpoints used by the distillation configs (imported as `cd`).

Bundled, upstream-compatible version of
`big_vision/configs/proj/distill/common.py`.
"""

_BASE = 'gs://bit_models/distill/'

# Teacher name -> checkpoint of the BiT-M R152x2 teacher fine-tuned on it.
inits = {
    'BiT-M R152x2 imagenet2012 ic224': _BASE + 'R152x2_T_224.npz',
    'BiT-M R152x2 imagenet2012 rc384': _BASE + 'R152x2_T_384.npz',
    'BiT-M R152x2 flowers rc128': _BASE + 'R152x2_T_flowers128.npz',
    'BiT-M R152x2 pet rc128': _BASE + 'R152x2_T_pet128.npz',
    'BiT-M R152x2 food rc128': _BASE + 'R152x2_T_food128.npz',
    'BiT-M R152x2 sun rc128': _BASE + 'R152x2_T_sun128.npz',
}
