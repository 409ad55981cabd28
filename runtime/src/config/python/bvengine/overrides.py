"""Command-line overrides `--config.a.b=value`, with the semantics of ml_collections' config_flags.

Only existing fields can be overridden; the value is parsed by the field's current type; a field holding None
cannot be overridden; a repeated flag on a tuple field collects a tuple; overriding a parent after one of its
children is refused.
"""
import ast
import json
import re

from ml_collections import config_dict

_SEGMENT = re.compile(r"""\.?([A-Za-z_][A-Za-z0-9_]*)|\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+))\s*\]""")


class OverrideError(Exception):
    """A bad `--config.*` flag; the message names the flag and the fix."""

    def __init__(self, flag, message, kind='ValueError'):
        super().__init__(f'{flag}: {message}')
        self.flag = flag
        self.kind = kind


def parse_path(text, flag):
    """'a.b["c/d"][0]' -> ['a', 'b', 'c/d', 0]."""
    out = []
    pos = 0
    while pos < len(text):
        m = _SEGMENT.match(text, pos)
        if m is None or (pos == 0 and text.startswith('.')):
            raise OverrideError(flag, f'cannot parse the field path at {text[pos:]!r}; write keys with dots, '
                                      f'and keys holding "/" or "." in brackets: --config.evals["val/x"].log_steps=5')
        name, dq, sq, idx = m.groups()
        if name is not None:
            out.append(name)
        elif idx is not None:
            out.append(int(idx))
        else:
            out.append(ast.literal_eval(f'"{dq}"' if dq is not None else f"'{sq}'"))
        pos = m.end()
    if not out:
        raise OverrideError(flag, 'names no field')
    return out


def _child(node, key, flag, path_so_far):
    try:
        if isinstance(key, int):
            return node[key]
        if isinstance(node, config_dict.ConfigDict):
            if key not in node:
                raise KeyError(key)
            return node[key]
        return node[key]
    except (KeyError, IndexError, TypeError):
        where = '.'.join(str(p) for p in path_so_far) or 'config'
        hint = ''
        if isinstance(node, config_dict.ConfigDict):
            keys = sorted(str(k) for k in node.keys())
            hint = f'; {where} has: {", ".join(keys[:20])}'
        raise OverrideError(flag, f'{where} has no field {key!r} (only existing fields can be overridden){hint}',
                            'AttributeError') from None


def _field_type(parent, key):
    fields = getattr(parent, '_fields', None)
    if isinstance(parent, config_dict.ConfigDict) and fields is not None and key in fields:
        raw = fields[key]
        if isinstance(raw, config_dict.FieldReference):
            return raw.get_type()
        return type(raw)
    return type(parent[key])


def _parse_bool(text, flag):
    low = text.lower()
    if low in ('true', 't', '1'):
        return True
    if low in ('false', 'f', '0'):
        return False
    raise OverrideError(flag, f'{text!r} is not a boolean; write true or false')


def _parse_int(text, flag):
    try:
        return int(text, 0)
    except ValueError:
        raise OverrideError(flag, f'{text!r} is not an int, and the field holds an int') from None


def _literal(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def parse_value(kind, text, flag):
    if kind is bool:
        return _parse_bool(text, flag)
    if kind is int:
        return _parse_int(text, flag)
    if kind is float:
        try:
            return float(text)
        except ValueError:
            raise OverrideError(flag, f'{text!r} is not a float, and the field holds a float') from None
    if kind is str:
        return text
    if kind is tuple:
        value = _literal(text)
        return tuple(value) if isinstance(value, (list, tuple)) else (value,)
    if kind is list:
        try:
            return json.loads(text)
        except ValueError:
            value = _literal(text)
            return list(value) if isinstance(value, (list, tuple)) else value
    if issubclass(kind, config_dict.ConfigDict) or kind is dict:
        try:
            value = json.loads(text)
        except ValueError:
            value = _literal(text)
        if not isinstance(value, dict):
            raise OverrideError(flag, f'{text!r} is not a dict; write JSON such as \'{{"variant": "L/16"}}\'')
        return config_dict.ConfigDict(value)
    if kind is type(None):
        raise OverrideError(flag, 'Type NoneType is not supported for overriding: the field holds None, so its '
                                  'type is unknown; set a typed default in the config', 'TypeError')
    raise OverrideError(flag, f'Type {kind.__name__} is not supported for overriding', 'TypeError')


def split_flags(flags):
    """['a=1', 'b', ...] (text after '--config.') -> [(path_text, value_text or None, flag)]."""
    out = []
    for raw in flags:
        text, sep, value = raw.partition('=')
        out.append((text, value if sep else None, f'--config.{raw}'))
    return out


def apply(cfg, flags):
    """Applies overrides in order; returns the list of (path, flag) applied."""
    seen = []
    tuples = {}
    for path_text, value_text, flag in split_flags(flags):
        path = parse_path(path_text, flag)
        for prev in seen:
            if len(prev) < len(path) and path[:len(prev)] == prev:
                pass
            elif len(path) < len(prev) and prev[:len(path)] == path:
                raise OverrideError(flag, f'overrides a parent after its child --config.{".".join(map(str, prev))} '
                                          f'(FlagOrderError); put the parent first', 'FlagOrderError')
        node = cfg
        for i, key in enumerate(path[:-1]):
            node = _child(node, key, flag, path[:i])
        _child(node, path[-1], flag, path[:-1])
        kind = _field_type(node, path[-1])
        if value_text is None:
            if kind is not bool:
                raise OverrideError(flag, 'needs a value: --config.key=value')
            value = True
        else:
            value = parse_value(kind, value_text, flag)
        key = tuple(path)
        if kind is tuple and key in tuples:
            value = tuples[key] + value
        if kind is tuple:
            tuples[key] = value
        try:
            node[path[-1]] = value
        except (TypeError, KeyError, AttributeError) as e:
            raise OverrideError(flag, str(e), type(e).__name__) from None
        seen.append(path)
    return seen
