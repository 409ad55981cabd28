"""Entry point the host calls: evaluate one config file and return JSON (config, spans, or one error)."""
import gc
import json
import sys
import time
import types

from ml_collections import config_dict
from ml_collections.config_dict import config_dict as config_dict_impl

from . import overrides as _overrides
from . import sandbox, spans
from .modules import Session


def _finite(value):
    """Non-finite floats as the strings JSON readers accept ("NaN", "Infinity", "-Infinity")."""
    if isinstance(value, float) and (value != value or value in (float('inf'), float('-inf'))):
        return 'NaN' if value != value else ('Infinity' if value > 0 else '-Infinity')
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _config_text(cfg):
    """ml_collections `to_dict()` then `json.dumps`: tuples become lists; values JSON cannot hold (functions,
    sets, classes) are written as ml_collections' `to_json_best_effort` writes them. Python's own float text is
    kept (1.0 stays 1.0), so the host forwards this text rather than re-encoding it."""
    value = cfg.to_dict() if isinstance(cfg, config_dict.ConfigDict) else cfg
    encoder = config_dict_impl._BestEffortCustomJSONEncoder  # pylint: disable=protected-access
    try:
        return json.dumps(value, cls=encoder, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(value), cls=encoder, allow_nan=False)


def _collect_spans(cfg, prefix, out, seen):
    if id(cfg) in seen:
        return
    seen.add(id(cfg))
    table = getattr(cfg, '_bv_spans', None) or {}
    fields = getattr(cfg, '_fields', {})
    for key in cfg.keys():
        path = prefix + [key]
        span = table.get(key)
        child = fields.get(key)
        if span is not None:
            # The Python type, which JSON loses (1.0 vs 1, tuple vs list), and whether the field is a lazy reference.
            if isinstance(child, config_dict.FieldReference):
                kind = {'type': child.get_type().__name__, 'ref': True}
            else:
                kind = {'type': type(child).__name__}
            out.append([path, span.to_json(), kind])
        if isinstance(child, config_dict.ConfigDict):
            _collect_spans(child, path, out, seen)


def _user_frame_info(tb):
    """Innermost traceback frame in a user file, as (file, line, col, end_line, end_col, name)."""
    found = None
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        index = spans._files.get(code.co_filename)
        if index is not None:
            line, end_line, col, end_col = (None, None, None, None)
            positions = list(code.co_positions())
            if 0 <= tb.tb_lasti // 2 < len(positions):
                line, end_line, col, end_col = positions[tb.tb_lasti // 2]
            line = line or tb.tb_lineno
            text = index._line(line)
            col16 = 0 if col is None else len(text.encode('utf-8')[:col].decode('utf-8', 'replace').encode('utf-16-le')) // 2
            if end_line == line and end_col is not None:
                end16 = len(text.encode('utf-8')[:end_col].decode('utf-8', 'replace').encode('utf-16-le')) // 2
            else:
                end_line, end16 = line, len(text)
            found = (code.co_filename, line, col16, end_line or line, end16, code.co_name)
            frames.append({'file': found[0], 'line': found[1], 'col': found[2], 'name': found[5]})
        tb = tb.tb_next
    return found, frames


def _error(e, main_file, timeout_ms):
    kind = type(e).__name__
    message = str(e)
    if isinstance(e, KeyboardInterrupt):
        kind, message = 'TimeoutError', f'evaluation timed out after {timeout_ms} ms (an endless loop?)'
    elif isinstance(e, _overrides.OverrideError):
        return {'type': e.kind, 'message': message, 'flag': e.flag, 'file': main_file, 'line': None, 'col': None}
    if isinstance(e, SyntaxError) and e.filename in spans._files or (isinstance(e, SyntaxError) and e.lineno):
        line = e.lineno
        col = (e.offset or 1) - 1
        end_line = e.end_lineno or line
        end_col = (e.end_offset - 1) if e.end_offset and e.end_offset > 0 else col + 1
        return {'type': kind, 'message': e.msg, 'file': e.filename or main_file, 'line': line, 'col': col,
                'endLine': end_line, 'endCol': max(end_col, col + 1), 'frames': []}
    found, frames = _user_frame_info(e.__traceback__)
    out = {'type': kind, 'message': message, 'frames': frames}
    if found is None:
        out.update({'file': main_file, 'line': None, 'col': None})
    else:
        out.update({'file': found[0], 'line': found[1], 'col': found[2], 'endLine': found[3], 'endCol': found[4]})
    return out


_checkout = {}
# Allocations after which an evaluation collects garbage itself (the host did not find an idle moment).
_MAX_PENDING = 500_000


def set_checkout(modules_json):
    """Sets the big_vision checkout modules (dotted name -> {path, source, package}) used until the next call."""
    global _checkout
    _checkout = json.loads(modules_json)


@spans.stop_walk_at
def evaluate(request_json):
    """request: {file, source, arg (str|None), overrides [str], timeoutMs} -> '{ok, spans, ms}\\n<config JSON>'
    or '{ok: false, error}'."""
    req = json.loads(request_json)
    started = time.perf_counter()
    main_file = req['file']
    spans.reset()
    session = Session(_checkout)
    try:
        with sandbox.active():
            module = types.ModuleType(req.get('moduleName') or 'config')
            module.__file__ = main_file
            session.exec_user(main_file, req['source'], module)
            get_config = module.__dict__.get('get_config')
            if get_config is None:
                raise AttributeError(f"module '{module.__name__}' has no attribute 'get_config'")
            arg = req.get('arg')
            cfg = get_config() if arg is None else get_config(arg)
            if isinstance(cfg, config_dict.ConfigDict):
                cfg.lock()
            if req.get('overrides'):
                _overrides.apply(cfg, req['overrides'])
            config = _config_text(cfg)
            collected = []
            if isinstance(cfg, config_dict.ConfigDict):
                _collect_spans(cfg, [], collected, set())
        result = {'ok': True, 'spans': collected}
    except BaseException as e:  # noqa: B036 -- every failure of user code becomes one reported error
        result = {'ok': False, 'error': _error(e, main_file, req.get('timeoutMs'))}
    finally:
        spans.reset()
        sys.last_exc = sys.last_value = sys.last_traceback = None
    result['ms'] = (time.perf_counter() - started) * 1000
    if gc.get_count()[0] > _MAX_PENDING:
        gc.collect()
    # The config's JSON follows the result's own line, so the host can forward it verbatim.
    return json.dumps(result) + ('\n' + config if result['ok'] else '')


def collect():
    """Collects cyclic garbage; the host calls this while no evaluation is waiting."""
    gc.collect()


def setup(readable_roots):
    """Arms the sandbox; returns the functions the host calls: evaluate, set_checkout, collect, expand_sweep.

    Automatic garbage collection is off: a collection in the middle of an evaluation would add milliseconds to
    an editor's diagnostics. The host collects when idle; `_MAX_PENDING` bounds memory if it never is."""
    from . import sweep  # imported here: sweep.py builds on this module
    sandbox.install(readable_roots)
    gc.collect()
    gc.freeze()  # the interpreter's own objects are never garbage: keep them out of every later collection
    gc.disable()
    return evaluate, set_checkout, collect, sweep.expand
