#!/usr/bin/env python3
"""Upstream-equivalence goldens for the config engine, computed with real CPython.

Two modes, both run with a plain system python3 (3.10+) and no installed
packages besides PyYAML (an `absl.logging` stub is created when absl is absent;
ml_collections only uses it for debug logging):

1. Goldens (the default)::

     python3 scripts/upstreamGoldens.py --big-vision DIR --ml-collections DIR \
         --out goldens.jsonl

   DIR for --big-vision is a big_vision checkout (the folder that holds the
   `big_vision/` package), DIR for --ml-collections an ml_collections checkout.
   Every `big_vision/configs/**/*.py` that defines a top-level `get_config` is
   loaded the way ml_collections' config_flags loads `--config FILE[:ARG]`
   (a fresh module import of the file, then `get_config()` or
   `get_config(ARG)`), once without an argument and once per argument in
   `_args_for()`. One JSON line per evaluation:

     {"file": "big_vision/configs/x.py", "arg": null | "a=1", "config": {...}}
     {"file": ..., "arg": ..., "error": {"type", "message", "line", "col"}}

   `file` is relative to the checkout, so a test can run
   `bv config show FILE[:ARG]... --json` from inside the checkout and compare
   line by line.

2. Checking our own configs against upstream::

     python3 scripts/upstreamGoldens.py --big-vision DIR --ml-collections DIR \
         --ours configs [--out ours.jsonl]

   Evaluates each `configs/*.py` of this repository with upstream's
   `big_vision.configs.common` (so a config that imports anything upstream
   lacks fails here), then checks that every model, evaluator, pp op, loss,
   optimizer and top-level key it names exists upstream. Exits 1 on any problem.

3. Checking our bundled helper modules (runtime/src/config/python/big_vision)::

     python3 scripts/upstreamGoldens.py --big-vision DIR --ml-collections DIR \
         --helpers runtime/src/config/python --against goldens.jsonl

   Evaluates upstream's configs as in mode 1, but with `big_vision.configs.*`
   imported from --helpers instead of the checkout, and compares each result
   with the goldens in --against (all keys of `config`; `type` and `line` of
   `error`). Exits 1 on any difference.

The JSON representation of a config (what `bv config show --json` prints)
--------------------------------------------------------------------------
`config` is `cfg.to_dict()` (FieldReferences resolved, nested ConfigDicts as
objects) serialised with `json`, so tuples become lists, keys keep
ml_collections' sorted order, and floats keep their Python spelling: a float
field holding an integral value is `1.0`, not `1` (ConfigDict's type safety
tells the two apart, so the CLI must too). Two alternatives were compared:

* `cfg.to_json()` (what big_vision's trainer writes to `<workdir>/config.json`)
  gives the same text for every plain value, but raises TypeError on values
  JSON cannot hold (a function or lambda, e.g. the `pre_filter_fn` that
  `proj/image_text/common.py` puts into a `dataset_overrides` entry, or a set).
  A config viewer must not fail where the config itself evaluated fine.
* `json.dumps(cfg.to_dict())` fails the same way.

So non-JSON leaves are rendered the way ml_collections' own
`cfg.to_json_best_effort()` does: a function as the string
`"function <name>"` (`"function <lambda>"` for a lambda), a set as its sorted
list, a class as `str(cls)` (`"<class 'int'>"`), any other object as
`"unserializable object: <str(obj)>"`. Non-finite floats are written as the
strings `"NaN"`, `"Infinity"`, `"-Infinity"`, since JSON has no literal for
them. None of the shipped configs hits any of these cases with the arguments
below; the rules only fix what the CLI must print when one does.

Errors: `type` is the exception class name, `message` is `str(exc)`, `line`
is the line in the evaluated config file itself: the innermost traceback
frame that lies in that file (an error raised inside a helper module such as
`common.py` is reported at the config line that called it), or the
SyntaxError's own line when the file does not parse; `line` is null when no
frame lies in the file (e.g. `get_config()` called with an argument it does
not take). `col` is the SyntaxError offset (1-based) or null. In goldens,
`where` is `{"file", "line"}` of the innermost frame in any file under the
checkout's `big_vision/configs/` (a helper module when the error is raised
there), `file` relative to the checkout, or null: what a tool that points
into the checkout's helpers must report.
"""

import argparse
import ast
import contextlib
import dataclasses
import glob
import importlib.util
import inspect
import io
import json
import math
import os
import re
import sys
import tempfile
import traceback

# ---------------------------------------------------------------------------
# Which arguments to evaluate besides the default call.

# Explicit extra arguments per config (relative to the checkout). They cover
# the arg-dependent branches: model tables, shorthand forms, error paths.
_EXTRA_ARGS = {
    'big_vision/configs/transfer.py': [
        'model=vit-i21k-augreg-b/32,dataset=cifar10',
        'model=vit-i21k-augreg-l/16,dataset=imagenet2012,crop=inception_crop',
        'model=vit-s16,dataset=oxford_iiit_pet',
        'model=vit-s16,dataset=oxford_flowers102,crop=resize_small',
        'model=bit-m-r50x1,dataset=cifar100,fsdp',
        'model=vit-i21k-augreg-b/32,dataset=cifar10,runlocal',
        'model=vit-s16,dataset=mnist',  # unknown dataset: ValueError
        'model=vit-s16,nosuchkey=1',  # unknown parse_arg key: ValueError
    ],
    'big_vision/configs/vit_i1k.py': [
        'variant=S/16,aug=light1', 'variant=L/16,aug=strong2',
        'variant=B/32,aug=medium1', 'S/32', 'runlocal=false', 'runlocal=maybe',
    ],
    'big_vision/configs/vit_i21k.py': ['variant=S/32', 'aug=medium2'],
    'big_vision/configs/load_and_eval.py': [
        'name=vit_i1k', 'name=mlp_mixer_i1k', 'name=vit_i21k', 'bit_paper',
        'name=vit_i1k,batch_size=16',
    ],
    'big_vision/configs/mlp_mixer_i1k.py': ['gpu8', 'regression_test'],
    'big_vision/configs/bit_i1k.py': ['True'],
    'big_vision/configs/vit_s16_i1k.py': ['x'],  # get_config() takes no arg
    'big_vision/configs/proj/givt/givt_coco_panoptic.py': ['True'],
    'big_vision/configs/proj/givt/givt_imagenet2012.py': [
        'style=masked', 'model_size=large,res=256', 'adaptor',
    ],
    'big_vision/configs/proj/givt/givt_nyu_depth.py': ['split=final', ''],
    'big_vision/configs/proj/givt/vae_coco_panoptic.py': ['', 'res=256'],
    'big_vision/configs/proj/uvim/vqvae_coco_panoptic.py': ['res=256'],
    'big_vision/configs/proj/image_text/siglip_lit_coco.py': [
        'txt=bert_large,img=L/16', 'img_head,init=x', 'res=256,token_len=32',
    ],
    'big_vision/configs/proj/clippo/train_clippo.py': [
        'i1k_eval,test_with_coco=false',
    ],
    'big_vision/configs/proj/flexivit/i21k_sup.py': ['res=128'],
    'big_vision/configs/proj/jetformer/jetformer_imagenet2012.py': [
        'model_size=1B', 'use_adaptor=false',
    ],
    'big_vision/configs/proj/jetformer/jetformer_image_text.py': [
        'use_boi=false,text_len=32',
    ],
    'big_vision/configs/proj/cappa/pretrain.py': ['total_steps=1000'],
    'big_vision/configs/proj/paligemma/transfers/forkme.py': ['size=10b'],
    'big_vision/configs/proj/paligemma/transfers/science_qa.py': [
        'qfmt=QM,afmt=AL',
    ],
}

# Our own configs (mode 2): extra arguments per file name.
_OURS_EXTRA_ARGS = {
    'vit_s16_i1k.py': ['runlocal', 'epochs=300'],
    'vit_i1k.py': ['variant=S/16,aug=light1', 'variant=L/16,aug=strong2',
                   'Ti/16', 'runlocal'],
    'vit_i21k.py': ['variant=S/32,aug=light1', 'variant=L/16', 'runlocal'],
    'bit_i1k.py': ['depth=101,width=3', 'runlocal'],
    'mlp_mixer_i1k.py': ['variant=L/16', 'epochs=60,batch_size=512',
                         'runlocal'],
    'transfer.py': [
        'model=vit-i21k-augreg-l/16,dataset=imagenet2012',
        'model=vit-s16,dataset=oxford_iiit_pet,crop=resize_crop',
        'model=vit-i21k-augreg-b/32,dataset=oxford_flowers102,fsdp',
        'model=bit-m-r50x1,dataset=cifar100,fsdp,lr=0.01',
        'runlocal',
    ],
    'mnist_vit.py': ['steps=50', 'steps=1,batch_size=32'],
}


def _parse_arg_keywords(tree):
  """Keyword names of every `*.parse_arg(...)` call in the module."""
  names = set()
  for node in ast.walk(tree):
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr == 'parse_arg'):
      names.update(k.arg for k in node.keywords if k.arg)
  return names


def _args_for(rel_path, tree, extra_table):
  """[None, *args]: the default call plus the arguments worth evaluating."""
  args = [None]
  if tree is not None:
    kws = _parse_arg_keywords(tree)
    if 'runlocal' in kws:
      args.append('runlocal')
    if 'mode' in kws and '/paligemma/' in rel_path:
      args.append('mode=runlocal')
  for a in extra_table.get(rel_path, []):
    if a not in args:
      args.append(a)
  return args


# ---------------------------------------------------------------------------
# Environment: ml_collections + (stubbed) absl on sys.path.


def _ensure_absl(tmp):
  """Makes `from absl import logging` work; a no-op stub if absl is absent."""
  try:
    import absl.logging  # noqa: F401  pylint: disable=g-import-not-at-top,unused-import
    return
  except ImportError:
    pass
  pkg = os.path.join(tmp, 'absl')
  os.makedirs(pkg, exist_ok=True)
  with open(os.path.join(pkg, '__init__.py'), 'w') as f:
    f.write('"""Stub written by upstreamGoldens.py (absl is not installed)."""\n')
  with open(os.path.join(pkg, 'logging.py'), 'w') as f:
    f.write('def _noop(*args, **kwargs):\n  del args, kwargs\n\n'
            'debug = info = warning = warn = error = fatal = log = _noop\n'
            'vlog = exception = _noop\n')
  sys.path.insert(0, tmp)


def _setup_path(big_vision_dir, ml_collections_dir, tmp, helpers_dir=None):
  """Puts ml_collections and the `big_vision` package first on sys.path."""
  _ensure_absl(tmp)
  sys.path.insert(0, os.path.abspath(ml_collections_dir))
  sys.path.insert(0, os.path.abspath(helpers_dir or big_vision_dir))
  import ml_collections  # pylint: disable=g-import-not-at-top
  import yaml  # noqa: F401  pylint: disable=g-import-not-at-top,unused-import
  return ml_collections


# ---------------------------------------------------------------------------
# Loading a config like config_flags does.


def _forget_big_vision_modules():
  """Each `python -m big_vision.train` run imports the helpers afresh."""
  for name in list(sys.modules):
    if name == 'big_vision' or name.startswith('big_vision.'):
      del sys.modules[name]


def _has_get_config(source):
  """Whether the file defines a top-level `get_config` (regex if unparsable)."""
  try:
    tree = ast.parse(source)
  except SyntaxError:
    return bool(re.search(r'^def get_config\(', source, re.M)), None
  has = any(isinstance(n, ast.FunctionDef) and n.name == 'get_config'
            for n in tree.body)
  return has, tree


def _error_record(exc, abs_path, root=None):
  """The `error` object of a golden (see the module docstring)."""
  line = col = None
  where = None  # innermost (file, line) under <root>/big_vision/configs
  configs = os.path.join(root, 'big_vision', 'configs') if root else None

  def note(fname, lineno):
    nonlocal where
    if configs and os.path.abspath(fname).startswith(configs + os.sep):
      where = {'file': os.path.relpath(fname, root).replace(os.sep, '/'),
               'line': lineno}

  for frame, lineno in traceback.walk_tb(exc.__traceback__):
    fname = frame.f_code.co_filename
    if os.path.exists(fname) and os.path.samefile(fname, abs_path):
      line = lineno  # keep the innermost one
    note(fname, lineno)
  if isinstance(exc, SyntaxError) and exc.filename and os.path.exists(
      exc.filename):
    note(exc.filename, exc.lineno)
    if os.path.samefile(exc.filename, abs_path):
      line, col = exc.lineno, exc.offset
  rec = {'type': type(exc).__name__, 'message': str(exc), 'line': line,
         'col': col}
  if configs:
    rec['where'] = where
  return rec


def evaluate(abs_path, arg, root=None):
  """(config, None) or (None, error record) for `abs_path[:arg]`."""
  _forget_big_vision_modules()
  sys.modules.pop('config_config', None)
  try:
    spec = importlib.util.spec_from_file_location('config_config', abs_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules['config_config'] = module
    # Configs print now and then (e.g. deprecation notes); keep stdout clean.
    with contextlib.redirect_stdout(io.StringIO()):
      spec.loader.exec_module(module)
      cfg = module.get_config() if arg is None else module.get_config(arg)
  except Exception as e:  # pylint: disable=broad-except
    return None, _error_record(e, abs_path, root)
  return cfg, None


# ---------------------------------------------------------------------------
# The JSON representation (see the module docstring).


def _non_json_leaf(obj, ml_collections):
  if isinstance(obj, ml_collections.FieldReference):
    return obj.get()
  if isinstance(obj, ml_collections.ConfigDict):  # e.g. inside a list
    return obj.to_dict()
  if isinstance(obj, (set, frozenset)):
    return sorted(obj)
  if inspect.isfunction(obj):
    return f'function {obj.__name__}'
  if isinstance(obj, type):
    return str(obj)
  if dataclasses.is_dataclass(obj):
    return dataclasses.asdict(obj)
  if hasattr(obj, '__dict__') and obj.__dict__ and not inspect.isclass(obj):
    return dict(obj.__dict__)
  return f'unserializable object: {obj}'


def _finite(obj):
  """Replaces non-finite floats by strings (JSON has no literal for them)."""
  if isinstance(obj, float) and not math.isfinite(obj):
    return 'NaN' if math.isnan(obj) else ('Infinity' if obj > 0 else '-Infinity')
  if isinstance(obj, dict):
    return {k: _finite(v) for k, v in obj.items()}
  if isinstance(obj, list):
    return [_finite(v) for v in obj]
  return obj


def config_json(cfg, ml_collections):
  """The plain-JSON value of a config, as `bv config show --json` prints it."""
  if not isinstance(cfg, ml_collections.ConfigDict):
    return _finite(json.loads(json.dumps(
        cfg, default=lambda o: _non_json_leaf(o, ml_collections))))
  text = json.dumps(cfg.to_dict(),
                    default=lambda o: _non_json_leaf(o, ml_collections))
  return _finite(json.loads(text))


# ---------------------------------------------------------------------------
# Mode 1: goldens.


def upstream_records(big_vision_dir, ml_collections):
  """Yields one golden record per (upstream config, arg)."""
  root = os.path.abspath(big_vision_dir)
  files = sorted(glob.glob(os.path.join(root, 'big_vision', 'configs', '**',
                                        '*.py'), recursive=True))
  for abs_path in files:
    rel = os.path.relpath(abs_path, root).replace(os.sep, '/')
    with open(abs_path) as src:
      has, tree = _has_get_config(src.read())
    if not has:
      continue
    for arg in _args_for(rel, tree, _EXTRA_ARGS):
      cfg, err = evaluate(abs_path, arg, root)
      rec = {'file': rel, 'arg': arg}
      if err is None:
        rec['config'] = config_json(cfg, ml_collections)
      else:
        rec['error'] = err
      yield rec


def write_goldens(big_vision_dir, ml_collections, out):
  n_ok = n_err = 0
  with open(out, 'w') as f:
    for rec in upstream_records(big_vision_dir, ml_collections):
      n_ok += 'config' in rec
      n_err += 'error' in rec
      f.write(json.dumps(rec, allow_nan=False) + '\n')
  print(f'{out}: {n_ok + n_err} evaluations, {n_ok} evaluated, '
        f'{n_err} raised', file=sys.stderr)


def _first_difference(a, b, path=''):
  """Dotted path and both values of the first place where a and b differ."""
  if isinstance(a, dict) and isinstance(b, dict):
    for k in sorted(set(a) | set(b)):
      if k not in a or k not in b:
        return f'{path}.{k}', a.get(k, '<missing>'), b.get(k, '<missing>')
      d = _first_difference(a[k], b[k], f'{path}.{k}')
      if d:
        return d
    return None
  if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
    for i, (x, y) in enumerate(zip(a, b)):
      d = _first_difference(x, y, f'{path}[{i}]')
      if d:
        return d
    return None
  return None if (a == b and type(a) is type(b)) else (path, a, b)


def compare_with(big_vision_dir, ml_collections, against):
  """Mode 3: number of records differing from the goldens in `against`."""
  with open(against) as f:
    goldens = {(r['file'], r['arg']): r for r in map(json.loads, f)}
  n_same = n_diff = 0
  for rec in upstream_records(big_vision_dir, ml_collections):
    label = rec['file'] + ('' if rec['arg'] is None else ':' + rec['arg'])
    want = goldens.pop((rec['file'], rec['arg']), None)
    if want is None:
      print(f'{label}: not in the goldens')
      n_diff += 1
      continue
    if 'config' in want and 'config' in rec:
      d = _first_difference(want['config'], rec['config'])
      if d:
        print(f'{label}: config{d[0]}: upstream {d[1]!r}, here {d[2]!r}')
    elif 'error' in want and 'error' in rec:
      w, h = want['error'], rec['error']
      d = None if (w['type'], w['line']) == (h['type'], h['line']) else 1
      if d:
        print(f'{label}: upstream {w["type"]} at line {w["line"]}, here '
              f'{h["type"]} at line {h["line"]} ({h["message"]})')
    else:
      d = 1
      got = rec.get('error') or 'a config'
      print(f'{label}: upstream gives {"a config" if "config" in want else want["error"]}, here {got}')
    n_diff += bool(d)
    n_same += not d
  for key in goldens:
    print(f'{key}: in the goldens but not evaluated here')
    n_diff += 1
  print(f'{n_same} equal, {n_diff} different')
  return n_diff


# ---------------------------------------------------------------------------
# Mode 2: our configs against upstream names.

_GENERIC_EVAL_KEYS = {'type', 'pred', 'pred_kw', 'prefix', 'skip_first',
                      'log_steps', 'log_epochs', 'log_examples', 'log_percent',
                      'batch_size', 'devices'}

# Top-level keys big_vision/train.py reads (schema.md §1), plus the duration
# families.
_TRAIN_KEYS = {
    'input', 'model_name', 'num_classes', 'model', 'model_init', 'model_load',
    'init_head_bias', 'resume', 'seed', 'loss', 'mixup', 'optax_name', 'optax',
    'lr', 'lr_mults', 'wd', 'wd_mults', 'schedule', 'grad_clip_norm',
    'grad_clip_per_example', 'evals', 'batch_size_eval', 'batch_size',
    'pp_modules', 'prefetch_to_device', 'mesh', 'mesh_allow_split_physical_axes',
    'sharding_strategy', 'sharding_rules',
}
_DURATIONS = ('total', 'log_training', 'ckpt', 'keep_ckpt')
_DURATION_SUFFIXES = ('steps', 'epochs', 'examples', 'percent')
_INPUT_KEYS = {'data', 'batch_size', 'pp', 'shuffle_buffer_size', 'cache_raw',
               'num_parallel_calls', 'pre_filter_fn', 'post_filter_fn',
               'skip_errors', 'pack', 'prefetch', 'tfdata', 'keep_only',
               'thread_pool_size'}
_SCHEDULE_KEYS = {'decay_type', 'mult', 'scale_with_batchsize', 'power', 'end',
                  'linear_end', 'timescale', 'shift', 'steps', 'mults'} | {
                      f'{p}_{s}' for p in ('warmup', 'cooldown', 'timescale',
                                           'shift')
                      for s in _DURATION_SUFFIXES}
_PP_KEYS = {'pp', 'pp_fn', 'pp_train', 'pp_eval', 'pp_img', 'pp_txt'}
# optax functions our configs may name (no optax import here).
_OPTAX_KNOWN = {'scale_by_adam', 'identity', 'scale_by_sm3', 'adam', 'sgd',
                'scale_by_rms', 'scale_by_lion', 'adamw'}
_DEFAULT_PP_MODULES = ('ops_general', 'ops_image', 'ops_text')


class Upstream:
  """Names defined by an upstream big_vision checkout, read from its sources."""

  def __init__(self, root):
    self.root = root
    pkg = os.path.join(root, 'big_vision')
    self.pp_ops = {}  # op name -> pp module ('ops_image', 'archive.randaug')
    for path in glob.glob(os.path.join(pkg, 'pp', '**', '*.py'),
                          recursive=True):
      if path.endswith('_test.py'):
        continue
      mod = os.path.relpath(path, os.path.join(pkg, 'pp'))[:-3].replace(
          os.sep, '.')
      with open(path) as f:
        for m in re.finditer(r'register\(\s*["\']preprocess_ops\.(\w+)["\']',
                             f.read()):
          self.pp_ops[m.group(1)] = mod
    with open(os.path.join(pkg, 'utils.py')) as f:
      self.utils_defs = set(re.findall(r'^def (\w+)\(', f.read(), re.M))
    with open(os.path.join(pkg, 'optax.py')) as f:
      # Custom optimizers are attached as `optax.big_vision.<name> = ...`.
      self.bv_optax = set(re.findall(r'^optax\.big_vision\.(\w+)\s*=',
                                     f.read(), re.M))

  def module_file(self, kind, dotted):
    path = os.path.join(self.root, 'big_vision', kind, *dotted.split('.'))
    return path + '.py' if os.path.exists(path + '.py') else None

  @staticmethod
  def _signature_names(path, cls_names=None, fn_names=None):
    """Parameter names of functions / annotated fields of classes in a file."""
    with open(path) as f:
      tree = ast.parse(f.read())
    names, var_kw = set(), False
    for node in ast.walk(tree):
      if isinstance(node, ast.FunctionDef) and (fn_names is None or
                                                node.name in fn_names):
        a = node.args
        names.update(x.arg for x in a.args + a.kwonlyargs + a.posonlyargs)
        var_kw |= a.kwarg is not None
      if isinstance(node, ast.ClassDef) and (cls_names is None or
                                             node.name in cls_names):
        for st in node.body:
          if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
            names.add(st.target.id)
    return names, var_kw

  def evaluator_keys(self, etype):
    path = self.module_file('evaluators', etype)
    with open(path) as f:
      tree = ast.parse(f.read())
    names, var_kw = set(), False
    for node in ast.walk(tree):
      if isinstance(node, ast.ClassDef) and node.name == 'Evaluator':
        for st in node.body:
          if isinstance(st, ast.FunctionDef) and st.name == '__init__':
            a = st.args
            names.update(x.arg for x in a.args + a.kwonlyargs)
            var_kw = a.kwarg is not None
    if var_kw:  # forwarded to common.eval_input_pipeline
      more, _ = self._signature_names(
          os.path.join(self.root, 'big_vision', 'evaluators', 'common.py'),
          fn_names={'eval_input_pipeline'})
      names |= more
    return (names - {'self', 'predict_fn'}) | _GENERIC_EVAL_KEYS

  def model_keys(self, model_name):
    path = self.module_file('models', model_name)
    names, _ = self._signature_names(path)
    return names


def _walk_pp(obj, path, out):
  if isinstance(obj, dict):
    for k, v in obj.items():
      p = f'{path}.{k}' if path else str(k)
      if k in _PP_KEYS and isinstance(v, str):
        out.append((p, v))
      else:
        _walk_pp(v, p, out)


def _pp_op_names(pp):
  """Op names of a pp string, parsed as big_vision/pp/builder.py does."""
  names = []
  for piece in pp.split('|'):
    if not piece:
      continue
    expr = ast.parse('preprocess_ops.' + piece, mode='eval').body
    if isinstance(expr, ast.Call):
      for a in list(expr.args) + [k.value for k in expr.keywords]:
        ast.literal_eval(a)  # raises like the builder on non-literals
      expr = expr.func
    names.append(ast.unparse(expr).split('.', 1)[1])
  return names


def check_names(cfg, up):
  """Problems with the names a config (plain dict) uses, as strings."""
  problems = []
  for key in ('model_name', 'num_classes', 'optax_name', 'lr', 'schedule'):
    if key not in cfg:
      problems.append(f'required key {key!r} is missing')
  for key in ('data', 'batch_size'):
    if key not in cfg.get('input', {}):
      problems.append(f'required key input.{key} is missing')
  for stem in ('total', 'log_training'):
    given = [f'{stem}_{s}' for s in _DURATION_SUFFIXES
             if cfg.get(f'{stem}_{s}') is not None]
    if len(given) != 1:
      problems.append(f'exactly one of {stem}_{{steps,epochs,examples,'
                      f'percent}} is required, got {given}')
  for key in cfg:
    stem = re.sub(r'_(steps|epochs|examples|percent)$', '', key)
    if key not in _TRAIN_KEYS and not (stem in _DURATIONS and stem != key):
      problems.append(f'top-level key {key!r} is not read by big_vision.train')
  for key in cfg.get('input', {}):
    if key not in _INPUT_KEYS:
      problems.append(f'input.{key} is not read by the input pipeline')
  sched = cfg.get('schedule')
  for s in ([sched] if isinstance(sched, dict) else
            [x[1] for x in sched or [] if x[1] is not None]):
    for key in s:
      if key not in _SCHEDULE_KEYS:
        problems.append(f'schedule key {key!r} is unknown')
  # Model.
  model_name = cfg.get('model_name')
  if not model_name or not up.module_file('models', model_name):
    problems.append(f'model_name {model_name!r} is not a big_vision model')
  else:
    allowed = up.model_keys(model_name)
    for key in cfg.get('model', {}):
      if key not in allowed:
        problems.append(f'model.{key} is not a {model_name} parameter')
  # Loss and optimizer.
  loss = cfg.get('loss', 'sigmoid_xent')
  if loss not in up.utils_defs:
    problems.append(f'loss {loss!r} is not a function of big_vision/utils.py')
  optax_name = cfg.get('optax_name', '')
  if optax_name.startswith('big_vision.'):
    if optax_name.split('.', 1)[1] not in up.bv_optax:
      problems.append(f'optax_name {optax_name!r} is not in big_vision/optax.py')
  elif optax_name not in _OPTAX_KNOWN:
    problems.append(f'optax_name {optax_name!r} is not a known optax function')
  # Evaluators.
  for name, ev in (cfg.get('evals') or {}).items():
    etype = ev.get('type', name)
    if not up.module_file('evaluators', etype):
      problems.append(f'evals.{name}: type {etype!r} is not an evaluator')
      continue
    allowed = up.evaluator_keys(etype)
    for key in ev:
      if key not in allowed:
        problems.append(f'evals.{name}.{key} is not accepted by {etype}')
  # pp strings.
  modules = set(cfg.get('pp_modules') or _DEFAULT_PP_MODULES)
  pps = []
  _walk_pp(cfg, '', pps)
  for where, pp in pps:
    try:
      ops = _pp_op_names(pp)
    except (SyntaxError, ValueError) as e:
      problems.append(f'{where}: pp string does not parse ({e}): {pp!r}')
      continue
    for op in ops:
      if op not in up.pp_ops:
        problems.append(f'{where}: pp op {op!r} is not registered upstream')
      elif up.pp_ops[op] not in modules:
        problems.append(f'{where}: pp op {op!r} needs pp_modules entry '
                        f'{up.pp_ops[op]!r}')
  return problems


def check_ours(big_vision_dir, ml_collections, ours_dir, out):
  up = Upstream(os.path.abspath(big_vision_dir))
  n_problems = 0
  records = []
  for abs_path in sorted(glob.glob(os.path.join(ours_dir, '*.py'))):
    with open(abs_path) as src:
      source = src.read()
    has, tree = _has_get_config(source)
    if not has:
      continue
    name = os.path.basename(abs_path)
    if tree is not None and not re.search(
        r'^import big_vision\.configs\.common as bvcc$', source, re.M):
      print(f'{name}: does not import big_vision.configs.common as bvcc')
      n_problems += 1
    for arg in _args_for(name, None, _OURS_EXTRA_ARGS):
      label = name if arg is None else f'{name}:{arg}'
      cfg, err = evaluate(os.path.abspath(abs_path), arg)
      if err is not None:
        print(f'{label}: {err["type"]} at line {err["line"]}: '
              f'{err["message"]}')
        n_problems += 1
        records.append({'file': name, 'arg': arg, 'error': err})
        continue
      plain = config_json(cfg, ml_collections)
      records.append({'file': name, 'arg': arg, 'config': plain})
      problems = check_names(plain, up)
      for p in problems:
        print(f'{label}: {p}')
      n_problems += len(problems)
      if not problems:
        print(f'{label}: ok')
  if out:
    with open(out, 'w') as f:
      for rec in records:
        f.write(json.dumps(rec, allow_nan=False) + '\n')
  return n_problems


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
  parser.add_argument('--big-vision', required=True,
                      help='big_vision checkout (holds the big_vision/ package)')
  parser.add_argument('--ml-collections', required=True,
                      help='ml_collections checkout (holds ml_collections/)')
  parser.add_argument('--out', help='JSON Lines output file')
  parser.add_argument('--ours', help='check this folder of our configs instead')
  parser.add_argument('--helpers',
                      help='folder holding a big_vision package whose '
                      'configs.* helpers replace the checkout\'s')
  parser.add_argument('--against',
                      help='compare with these goldens instead of writing')
  args = parser.parse_args(argv)
  with tempfile.TemporaryDirectory() as tmp:
    mlc = _setup_path(args.big_vision, args.ml_collections, tmp, args.helpers)
    if args.against:
      return 1 if compare_with(args.big_vision, mlc, args.against) else 0
    if args.ours:
      n = check_ours(args.big_vision, mlc, args.ours, args.out)
      print(f'{n} problem(s)' if n else 'all configs ok')
      return 1 if n else 0
    if not args.out:
      parser.error('--out is required when writing goldens')
    write_goldens(args.big_vision, mlc, args.out)
  return 0


if __name__ == '__main__':
  sys.exit(main())
