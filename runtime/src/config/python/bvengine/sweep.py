"""Entry point the host calls to list a config's sweep: the runs upstream would launch, in launch order.

Two styles exist. `get_hyper(hyper)` returns a list of dicts built with the `hyper` object (hyper.py); keys
`config.a.b` are overrides, `config_arg` is the run's argument, other keys are labels. `sweep(add, arg=None)`
(often `sweep = sweep_best`) calls `add(**kw)` once per run; `config_arg` (what `bvcc.arg(...)` packs) is the
run's argument; the keys `bvcc.arg` packed into it are labels, since they already reach the config through the
argument; of the other keys, those naming a field of `get_config(run's arg)` are overrides and the rest labels.
A run without `config_arg` gets the argument the sweep was given (`bv sweep FILE:ARG`). Each run's
`get_config(arg)` is evaluated (once per distinct argument), so a run that would fail at launch is an error here.
"""
import gc
import json
import sys
import time
import types

from ml_collections import config_dict
from ml_collections.config_dict import config_dict as config_dict_impl

from . import evaluate as _ev
from . import overrides as _overrides
from . import sandbox, spans
from .hyper import HYPER, _runs
from .modules import Session

_CO_VARARGS = 0x04


class NoSweepError(LookupError):
    """The file defines neither `sweep` nor `get_hyper`."""


class _AtLine(Exception):
    """An error about the sweep function as a whole, reported at its `def` line."""

    def __init__(self, kind, message, line):
        super().__init__(message)
        self.kind = kind
        self.line = line


class _RunFailed(Exception):
    """`get_config` failed for one run's argument; carries the error already converted."""

    def __init__(self, error):
        super().__init__(error['message'])
        self.error = error


def _find_sweep(module):
    """('sweep' | 'get_hyper', function): `sweep` wins when a file defines both, as big_vision's launcher runs it."""
    for style in ('sweep', 'get_hyper'):
        fn = module.__dict__.get(style)
        if fn is None:
            continue
        if not callable(fn):
            raise TypeError(f'`{style}` is a {type(fn).__name__}, not a function; write def {style}(...) '
                            f'or alias one ({style} = my_{style})')
        return style, fn
    raise NoSweepError('defines no sweep: add def sweep(add, arg=None) calling add(lr=..., **bvcc.arg(res=...)) '
                       'once per run, or def get_hyper(hyper) returning hyper.product([...])')


def _first_line(fn):
    code = getattr(fn, '__code__', None)
    return code.co_firstlineno if code is not None else None


def _takes_arg(fn):
    code = getattr(fn, '__code__', None)
    if code is None:
        return True  # a callable object: let Python say whether it fits
    return code.co_argcount >= 2 or bool(code.co_flags & _CO_VARARGS)


def _call_sweep(fn, arg):
    calls = []

    def add(*args, **kw):
        if args:
            raise TypeError('add() takes keyword arguments only, one per setting of the run: '
                            'add(lr=1e-5, **bvcc.arg(res=224))')
        calls.append(kw)

    if arg is None:
        fn(add)
    elif _takes_arg(fn):
        fn(add, arg)
    else:
        name = getattr(fn, '__name__', 'sweep')
        raise _AtLine('TypeError', f'{name}(add) takes no argument, but the sweep was given {arg!r} (FILE:ARG); '
                                   f'define it as def {name}(add, arg=None) to use one', _first_line(fn))
    return calls


def _call_hyper(fn):
    result = fn(HYPER)
    try:
        return _runs(result, 'get_hyper')
    except ValueError as e:
        raise _AtLine('TypeError', f'get_hyper must return a sweep (a list of dicts, one per run, such as '
                                   f'hyper.product([...]) builds): {e}', _first_line(fn)) from None


def _packed_names(config_arg):
    """Option names `bvcc.arg` packed into 'a=1,b=x' (bare names count as flags)."""
    return {piece.partition('=')[0] for piece in str(config_arg).split(',') if piece}


def _has_field(cfg, key):
    """Whether `key` (a top-level name or a dotted path) names a field of the evaluated config."""
    text = key[len('config.'):] if key.startswith('config.') else key
    try:
        path = _overrides.parse_path(text, key)
    except _overrides.OverrideError:
        return False
    node = cfg
    for part in path:
        if isinstance(node, (config_dict.ConfigDict, dict)) and not isinstance(part, int):
            if part not in node:
                return False
            node = node[part]
        elif isinstance(node, (list, tuple)) and isinstance(part, int) and -len(node) <= part < len(node):
            node = node[part]
        else:
            return False
    return True


def flag_text(value):
    """The text of `--config.k=TEXT` that the override parser reads back to `value`."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, float):
        return repr(value)  # 1e-05, as Python and upstream's flags print it
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(value, config_dict.ConfigDict):
        return repr(value.to_dict())
    return repr(value)


class _Configs:
    """`get_config(arg)` per distinct argument, each from a fresh import of the file as upstream's loader does."""

    def __init__(self, session, file, source):
        self.session, self.file, self.source = session, file, source
        self.cache = {}

    def get(self, arg, run_index, timeout_ms):
        if arg in self.cache:
            return self.cache[arg]
        try:
            module = types.ModuleType('config')
            module.__file__ = self.file
            self.session.exec_user(self.file, self.source, module)
            get_config = module.__dict__.get('get_config')
            if get_config is None:
                raise AttributeError("the file has no get_config, which every run of the sweep calls")
            cfg = get_config() if arg is None else get_config(arg)
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: B036 -- reported as the run's error, at the config's line
            error = _ev._error(e, self.file, timeout_ms)  # pylint: disable=protected-access
            shown = 'no arg' if arg is None else f'arg {arg!r}'
            error['message'] = f'run {run_index + 1} ({shown}): get_config failed: {error["message"]}'
            raise _RunFailed(error) from None
        self.cache[arg] = cfg
        return cfg


def _split_run(style, kw, base_arg, configs, index, timeout_ms):
    kw = dict(kw)
    config_arg = kw.pop('config_arg', None)
    arg = base_arg if config_arg is None else str(config_arg)
    overrides, labels, texts = {}, {}, {}
    # Every run's config is evaluated, so that a run whose get_config fails is reported now rather than at launch.
    cfg = configs.get(arg, index, timeout_ms)
    if style == 'get_hyper':
        for key, value in kw.items():
            if key.startswith('config.'):
                overrides[key] = value
            else:
                labels[key] = value
    else:
        packed = _packed_names(config_arg) if config_arg is not None else set()
        for key, value in kw.items():
            if key in packed or not _has_field(cfg, key):
                labels[key] = value
            else:
                overrides[key if key.startswith('config.') else f'config.{key}'] = value
    for key, value in overrides.items():
        texts[key] = flag_text(value)
    return {'arg': arg, 'overrides': overrides, 'labels': labels, 'texts': texts}


def _dumps(result):
    encoder = config_dict_impl._BestEffortCustomJSONEncoder  # pylint: disable=protected-access
    try:
        return json.dumps(result, cls=encoder, allow_nan=False)
    except ValueError:
        return json.dumps(_ev._finite(result), cls=encoder, allow_nan=False)  # pylint: disable=protected-access


@spans.stop_walk_at
def expand(request_json):
    """request: {file, source, arg (str|None), timeoutMs} -> JSON {ok, style, function, line, runs, ms} or
    {ok: false, error}. Each run: {arg, overrides {'config.k': v}, labels {k: v}, texts {'config.k': flag text}}."""
    req = json.loads(request_json)
    started = time.perf_counter()
    main_file = req['file']
    timeout_ms = req.get('timeoutMs')
    spans.reset()
    session = Session(_ev._checkout)  # pylint: disable=protected-access
    try:
        with sandbox.active():
            module = types.ModuleType(req.get('moduleName') or 'config')
            module.__file__ = main_file
            session.exec_user(main_file, req['source'], module)
            style, fn = _find_sweep(module)
            arg = req.get('arg')
            calls = _call_sweep(fn, arg) if style == 'sweep' else _call_hyper(fn)
            configs = _Configs(session, main_file, req['source'])
            runs = [_split_run(style, kw, arg, configs, i, timeout_ms) for i, kw in enumerate(calls)]
        result = {'ok': True, 'style': style, 'function': getattr(fn, '__name__', style), 'line': _first_line(fn),
                  'runs': runs}
    except _RunFailed as e:
        result = {'ok': False, 'error': e.error}
    except _AtLine as e:
        result = {'ok': False, 'error': {'type': e.kind, 'message': str(e), 'file': main_file, 'line': e.line,
                                         'col': None if e.line is None else 0, 'frames': []}}
    except NoSweepError as e:
        result = {'ok': False, 'error': {'type': 'NoSweepError', 'message': str(e), 'file': main_file, 'line': None,
                                         'col': None}}
    except BaseException as e:  # noqa: B036 -- every failure of user code becomes one reported error
        result = {'ok': False, 'error': _ev._error(e, main_file, timeout_ms)}  # pylint: disable=protected-access
    finally:
        spans.reset()
        sys.last_exc = sys.last_value = sys.last_traceback = None
    result['ms'] = (time.perf_counter() - started) * 1000
    if gc.get_count()[0] > _ev._MAX_PENDING:  # pylint: disable=protected-access
        gc.collect()
    return _dumps(result)
