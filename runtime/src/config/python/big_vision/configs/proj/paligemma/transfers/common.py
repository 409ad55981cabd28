"""pp-string builders shared by the PaliGemma transfer configs.

Bundled, upstream-compatible version of
`big_vision/configs/proj/paligemma/transfers/common.py`: the same tokenizer
spec and the same training / evaluation pp tails, character for character.

A PaliGemma example is the token sequence [prefix, separator, suffix]:
`mask_ar` marks the part decoded autoregressively (the suffix), `mask_loss`
the part trained on, `mask_input` the part that exists at eval time.
"""

TOKENIZER = 'gemma(tokensets=("loc", "seg"))'

# The keys concatenated into `text`; each mask has one value per piece.
_PIECES = '["prefix", "septok", "suffix"]'


def tok(**kw):
  """A `tok(...)` pp op; values are written with `repr`, model last by default."""
  kw.setdefault('model', TOKENIZER)
  args = ', '.join(f'{name}={value!r}' for name, value in kw.items())
  return f'tok({args})'


def _tolen(length, **pads):
  """Pads/truncates each named key to `length` with its given pad value."""
  return [f'tolen({length}, pad_value={pad}, key="{key}")'
          for key, pad in pads.items()]


def _keep(*keys):
  return 'keep(' + ', '.join(f'"{k}"' for k in keys) + ')'


def combine_and_keep_train(text_len, before=(), sep='\n'):
  """Training tail: tokenize, concatenate with loss on the suffix, pad, keep.

  The text is padded to `text_len + 1` because the trainer drops the last
  (EOS) token when it shifts the targets.
  """
  return '|'.join([
      *before,
      tok(key='prefix', bos='yes'),
      tok(key='suffix', eos='yes'),
      tok(key='septok', text=sep),
      f'masked_concat({_PIECES}, outkey="text", mask_ar=[0, 0, 1], '
      'mask_loss=[0, 0, 1])',
      *_tolen(text_len + 1, text=0, mask_ar=1, mask_loss=0),
      _keep('image', 'text', 'mask_ar', 'mask_loss'),
  ])


def combine_and_keep_eval(text_len, keep=tuple(), before=(), sep='\n'):
  """Evaluation tail: like training, but the suffix has no EOS.

  A missing suffix becomes the empty string (decoding starts right after the
  separator); an existing one is a forced start of the answer. `keep` lists
  extra keys the evaluator needs.
  """
  return '|'.join([
      *before,
      tok(key='prefix', bos='yes'),
      tok(key='septok', text=sep),
      'setdefault("suffix", "")',
      tok(key='suffix', eos='no'),
      f'masked_concat({_PIECES}, outkey="text", mask_ar=[0, 0, 1], '
      'mask_input=[1, 1, 1])',
      *_tolen(text_len, text=0, mask_ar=1, mask_input=0),
      _keep('image', 'text', 'mask_ar', 'mask_input', *keep),
  ])
