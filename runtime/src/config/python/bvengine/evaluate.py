"""Entry point the host calls: evaluate one config file and return JSON (config, spans, or one error)."""
import json
import sys
import time
import types

from ml_collections import config_dict

from . import overrides as _overrides
from . import sandbox, spans
from .modules import Session


def _encode_default(obj):
    # Values JSON cannot hold (functions in a config, e.g. filter callables) are shown as upstream's
    # best-effort encoder shows them, so the output stays one JSON document.
    if isinstance(obj, config_dict.FieldReference):
        return obj.get()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=repr)
    if callable(obj):
        return f'<{type(obj).__name__} {getattr(obj, "__qualname__", repr(obj))}>'
    if hasattr(obj, '__dict__'):
        return obj.__dict__
    return repr(obj)


def _config_json(cfg):
    if isinstance(cfg, config_dict.ConfigDict):
        value = cfg.to_dict()
    else:
        value = cfg
    return json.loads(json.dumps(value, default=_encode_default))


def _collect_spans(cfg, prefix, out, seen):
    if id(cfg) in seen:
        return
    seen.add(id(cfg))
    table = getattr(cfg, '_bv_spans', None) or {}
    for key in cfg.keys():
        path = prefix + [key]
        span = table.get(key)
        if span is not None:
            out.append([path, span.to_json()])
        fields = getattr(cfg, '_fields', {})
        child = fields.get(key)
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


def set_checkout(modules_json):
    """Sets the big_vision checkout modules (dotted name -> {path, source, package}) used until the next call."""
    global _checkout
    _checkout = json.loads(modules_json)


def evaluate(request_json):
    """request: {file, source, arg (str|None), overrides [str], timeoutMs} -> {ok, config, spans, ms} | {ok: False, error}"""
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
            config = _config_json(cfg)
            collected = []
            if isinstance(cfg, config_dict.ConfigDict):
                _collect_spans(cfg, [], collected, set())
        result = {'ok': True, 'config': config, 'spans': collected}
    except BaseException as e:  # noqa: B036 -- every failure of user code becomes one reported error
        result = {'ok': False, 'error': _error(e, main_file, req.get('timeoutMs'))}
    finally:
        spans.reset()
        sys.last_exc = sys.last_value = sys.last_traceback = None
    result['ms'] = (time.perf_counter() - started) * 1000
    try:
        return json.dumps(result)
    except (TypeError, ValueError) as e:
        return json.dumps({'ok': False, 'error': {'type': type(e).__name__, 'message': f'config is not JSON: {e}',
                                                  'file': main_file, 'line': None, 'col': None}})


def setup(readable_roots):
    """Arms the sandbox; returns the two functions the host calls."""
    sandbox.install(readable_roots)
    return evaluate, set_checkout
