"""Where each config key was set.

A span is the source range of the statement or dict entry that last set a key. ConfigDict asks `here()` when
a field is assigned, and `of_dict(d)` when it converts a plain dict whose entries were tracked at creation time
(the transformed user code wraps dict displays, `dict(...)` calls and dict comprehensions; see transform.py).
"""
import sys


class Span:
    """A source range: 1-based lines, 0-based UTF-16 columns (what LSP clients expect)."""

    __slots__ = ('file', 'line', 'col', 'end_line', 'end_col', 'via', '_json', '_vias')

    def __init__(self, file, line, col, end_line, end_col, via=None):
        self.file = file
        self.line = line
        self.col = col
        self.end_line = end_line
        self.end_col = end_col
        self.via = via  # the call site in the config file when the key was set inside a helper
        self._json = None
        self._vias = None

    def with_via(self, via):
        if via is None or via is self or (via.file == self.file and via.line == self.line and via.col == self.col):
            return self
        # Spans are cached across evaluations (per statement, per dict entry), so their combinations are too.
        if self._vias is None:
            self._vias = {}
        hit = self._vias.get(id(via))
        if hit is None or hit.via is not via:
            hit = self._vias[id(via)] = Span(self.file, self.line, self.col, self.end_line, self.end_col, via)
        return hit

    def to_json(self):
        if self._json is None:
            out = {'file': self.file, 'line': self.line, 'col': self.col, 'endLine': self.end_line,
                   'endCol': self.end_col}
            if self.via is not None:
                out['via'] = self.via.to_json()
            self._json = out
        return self._json

    def __repr__(self):
        return f'Span({self.file}:{self.line}:{self.col}-{self.end_line}:{self.end_col})'


# Files whose code is user code (the config and any checkout helper module), filename -> FileIndex.
_files = {}
# Dicts created by user code during this evaluation: id -> (dict, {key: Span}). Cleared after each evaluation.
_tracked = {}
# Open dict displays/calls: each entry is [marker_span, [(key, span), ...]].
_open = []


_from_tuple = {}  # span tuple (a constant of compiled code) -> Span, kept across evaluations


def as_span(value):
    """Spans come from compiled code as tuples (file, line, col, end_line, end_col)."""
    if isinstance(value, Span):
        return value
    span = _from_tuple.get(value)
    if span is None:
        if len(_from_tuple) > 100_000:
            _from_tuple.clear()
        span = _from_tuple[value] = Span(*value)
    return span


def register_file(index):
    _files[index.filename] = index


def reset():
    _tracked.clear()
    _open.clear()


# ids of the code objects of the engine's own entry points: walking up the stack stops there (everything above
# is the host). ids, because hashing a code object hashes its bytecode; these functions live as long as the engine.
_stop_codes = set()


def stop_walk_at(fn):
    _stop_codes.add(id(fn.__code__))
    return fn


def _user_ends(frame):
    """The innermost and outermost user frames at or above `frame`, each as (FileIndex, frame), or None.

    A plain loop: this runs for every field a config sets."""
    files = _files
    stop = _stop_codes
    inner = outer = None
    while frame is not None:
        code = frame.f_code
        if id(code) in stop:
            break
        index = files.get(code.co_filename)
        if index is not None:
            outer = (index, frame)
            if inner is None:
                inner = outer
        frame = frame.f_back
    return inner, outer


def here(depth=2):
    """Span of the user statement executing now (innermost user frame), with its call site in the config."""
    inner, outer = _user_ends(sys._getframe(depth))
    if inner is None:
        return None
    span = inner[0].statement_span(inner[1].f_code, inner[1].f_lasti)
    if outer is not inner:
        span = span.with_via(outer[0].statement_span(outer[1].f_code, outer[1].f_lasti))
    return span


def of_dict(d):
    """Spans of the entries of a plain dict created by user code in this evaluation, or None."""
    entry = _tracked.get(id(d))
    if entry is None or entry[0] is not d:
        return None
    return entry[1]


def _via():
    """Call site in the outermost user frame when the caller runs inside a helper, else None."""
    inner, outer = _user_ends(sys._getframe(2))
    if outer is None or outer is inner:
        return None
    return outer[0].statement_span(outer[1].f_code, outer[1].f_lasti)


# ---- Runtime hooks called by transformed user code (names end in __ so class bodies never mangle them) ----

def bv_open(span):
    marker = [span, []]
    _open.append(marker)
    return marker


def bv_key(key, span):
    if _open:
        _open[-1][1].append((key, span))
    return key


def bv_kw(name, value, span):
    if _open:
        _open[-1][1].append((name, span))
    return value


def bv_unpack(mapping, span):
    if _open and isinstance(mapping, dict):
        known = of_dict(mapping)
        if known is None:
            known = getattr(mapping, '_bv_spans', None)  # a ConfigDict unpacked with **
        entries = _open[-1][1]
        for key in mapping:
            entries.append((key, (known or {}).get(key, span)))
    elif _open and hasattr(mapping, '_bv_spans'):
        entries = _open[-1][1]
        for key in mapping.keys():
            entries.append((key, mapping._bv_spans.get(key, span)))
    return mapping


def bv_dict(marker, result):
    # Pop down to our marker: an exception inside a nested display may have left inner markers behind.
    while _open:
        if _open.pop() is marker:
            break
    if type(result) is dict:
        whole, entries = marker
        via = _via()
        spans = {}
        for key, span in entries:
            span = as_span(span)
            spans[key] = span.with_via(via) if via is not None else span
        whole = as_span(whole)
        if via is not None:
            whole = whole.with_via(via)
        for key in result:
            if key not in spans:
                spans[key] = whole
        _tracked[id(result)] = (result, spans)
    return result


HOOKS = {
    '__bvo__': bv_open,
    '__bvk__': bv_key,
    '__bvw__': bv_kw,
    '__bvu__': bv_unpack,
    '__bvd__': bv_dict,
}
