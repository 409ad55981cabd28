"""Helpers shared by most big_vision config files (imported as `bvcc`).

Big Vision Studio's bundled implementation, written to behave exactly like
upstream's `big_vision/configs/common.py`: same results, same exception types
for bad input. The contract, in short:

* `parse_arg(arg, lazy=False, **spec)` turns the single string that
  `--config file.py:ARG` hands to `get_config` into a ConfigDict of options.
* `pack_arg(**kw)` / `arg(**kw)` do the reverse, for sweep functions.
* `format_str(fmt, config)` builds a string that follows later edits of the
  config fields it names.
* `input_for_quicktest(config_input, quicktest)` shrinks an input section.
"""

import string

import ml_collections as mlc


def input_for_quicktest(config_input, quicktest):
  """Shrinks `config_input` (batch 8, tiny shuffle buffer) when `quicktest`."""
  if not quicktest:
    return
  config_input.batch_size = 8
  config_input.shuffle_buffer_size = 10
  config_input.cache_raw = False


def _strict_bool(text):
  """'true'/'True' -> True; 'false'/'' -> False; anything else is an error."""
  lowered = text.lower()
  assert lowered in ('true', 'false', '')
  return lowered == 'true'


def get_type_with_default(v):
  """Returns `(default, converter)` for one `parse_arg` spec entry.

  A bool default converts strictly (see `_strict_bool`). A 2-sequence
  `(default, type)` gives the converter explicitly. Anything else converts with
  the type of the default (so a `None` default converts with `NoneType`, which
  rejects every value).
  """
  if isinstance(v, bool):
    return v, _strict_bool
  if isinstance(v, (tuple, list)):
    assert len(v) == 2 and isinstance(v[1], type), (
        'A (default, type) pair is expected here. List or tuple values are not '
        'supported since `,` separates the options; pass a string and split '
        'or eval it in the config instead.')
    return v[0], v[1]
  return v, type(v)


def autotype(x):
  """Converts a string to bool, int, float or leaves it a string, in that order."""
  assert isinstance(x, str)
  if x.lower() in ('true', 'false'):
    return x.lower() == 'true'
  for convert in (int, float):
    try:
      return convert(x)
    except ValueError:
      pass
  return x


def _split_options(arg):
  """'a=1,b,c=x=y' -> {'a': '1', 'b': 'True', 'c': 'x=y'} (last one wins)."""
  options = {}
  for piece in arg.split(','):
    if not piece:
      continue
    name, has_value, value = piece.partition('=')
    options[name] = value if has_value else 'True'
  return options


def parse_arg(arg, lazy=False, **spec):
  """Parses the `get_config` string argument according to `spec`.

  Example: `parse_arg('res=128,runlocal', res=224, runlocal=False,
  schedule='short')` gives `ConfigDict(res=128, runlocal=True,
  schedule='short')`.

  Accepted forms of `arg` (None counts as ''):
    'k1=v1,k2=v2'   explicit values; a value runs to the next `,` and may
                    itself contain `=`;
    'k'             (inside a list too) the option `k` set to 'True';
    'v'             a lone word that is not an option name is the value of
                    the first spec entry (`:128` means `res=128` above); with
                    an empty spec it is a flag name.

  Args:
    arg: the string given after `:` on the command line, or None.
    lazy: keep options that are not in `spec`, typed by `autotype`, instead of
      raising ValueError.
    **spec: option name -> default, or -> `(default, converter_type)`. Bool
      options parse strictly ('true'/'True', 'false'/'False'/'').

  Returns:
    A ConfigDict built with `type_safe=False` holding every spec option
    (converted value, or the default) plus, with `lazy`, the extra ones.

  Raises:
    ValueError: options not in `spec` remain and `lazy` is False.
    AssertionError: a bool option got something other than true/false.
  """
  arg = arg or ''
  converters = {name: get_type_with_default(v) for name, v in spec.items()}
  result = mlc.ConfigDict(type_safe=False)

  if arg and ',' not in arg and '=' not in arg:
    if arg in converters or not converters:
      arg = arg + '=True'
    else:
      first = next(iter(converters))
      arg = first + '=' + arg

  given = _split_options(arg)
  for name, (default, convert) in converters.items():
    text = given.pop(name, None)
    result[name] = default if text is None else convert(text)

  if given:
    if not lazy:
      raise ValueError(f'Unhandled config args remain: {given}')
    for name, text in given.items():
      result[name] = autotype(text)
  return result


def pack_arg(**kw):
  """The inverse of `parse_arg`: `pack_arg(a=1, b='x')` -> 'a=1,b=x'."""
  for v in kw.values():
    assert ',' not in f'{v}', f"Can't use `,` in config_arg value: {v}"
  return ','.join(f'{k}={v}' for k, v in kw.items())


def arg(**kw):
  """`{'config_arg': pack_arg(**kw), **kw}`, for sweep entries."""
  return {'config_arg': pack_arg(**kw), **kw}


def _field_ref(config, dotted_name):
  """`config.get_ref` of a possibly dotted field name ('model.variant')."""
  *parents, leaf = dotted_name.split('.')
  for name in parents:
    config = getattr(config, name)
  return config.get_ref(leaf)


def format_str(format_string, config):
  """Formats `format_string` with lazy references to fields of `config`.

  `format_str('resize({res})', c)` returns a FieldReference whose value is
  recomputed on read, so a later `c.res = 512` shows up in it. Placeholders
  name (possibly dotted) fields; format specs and conversions are not allowed.
  Without any placeholder the plain string is returned.
  """
  result = ''
  for literal, field, spec, conversion in string.Formatter().parse(
      format_string):
    assert not spec and not conversion
    result += literal
    if field:
      result += _field_ref(config, field).to_str()
  return result
