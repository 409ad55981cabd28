"""Compiles user config code so that every dict entry remembers its source span.

Dict displays, `dict(...)` calls and dict comprehensions are wrapped in calls to the hooks of spans.py. The
wrapping keeps Python semantics (the same plain dict comes out, evaluated in the same order); only the spans
are recorded on the side. Line numbers and columns of the original code are kept, so tracebacks are unchanged.
"""
import ast

from . import spans as _spans


def _utf16_col(line_text, byte_col):
    if line_text.isascii():
        return byte_col
    prefix = line_text.encode('utf-8')[:byte_col].decode('utf-8', errors='replace')
    return len(prefix.encode('utf-16-le')) // 2


class FileIndex:
    """Statement spans of one user file, and the span table its transformed code refers to."""

    def __init__(self, filename, lines):
        self.filename = filename
        self.lines = lines
        self._stmts = []  # (start, end) as (line, UTF-8 byte col) of every statement, sorted
        # id(code) -> (code, instruction positions, {lasti: Span}). Keyed by id: hashing a code object hashes its
        # bytecode and constants, too slow for a lookup made for every field a config sets.
        self._by_code = {}

    def _line(self, line):
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ''

    def make_span(self, line, col, end_line, end_col):
        return _spans.Span(self.filename, line, _utf16_col(self._line(line), col),
                           end_line, _utf16_col(self._line(end_line), end_col))

    def span_tuple(self, line, col, end_line, end_col):
        """A span as a tuple, which compiled code can hold as a constant (spans.as_span turns it into a Span)."""
        return (self.filename, line, _utf16_col(self._line(line), col), end_line,
                _utf16_col(self._line(end_line), end_col))

    def statement_span(self, code, lasti):
        entry = self._by_code.get(id(code))
        if entry is None or entry[0] is not code:
            entry = self._by_code[id(code)] = (code, list(code.co_positions()), {})
        hit = entry[2].get(lasti)
        if hit is not None:
            return hit
        positions = entry[1]
        pos = positions[lasti // 2] if 0 <= lasti // 2 < len(positions) else (None, None, None, None)
        line, end_line, col, end_col = pos
        if line is None:
            line = code.co_firstlineno
        start = (line, col if col is not None else 0)
        end = (end_line or line, end_col if end_col is not None else 0)
        best = None
        for s_start, s_end in self._stmts:
            if s_start > start:
                break
            if s_end >= end:
                best = (s_start, s_end)  # sorted by start, so the last one containing the position is the innermost
        if best is None:
            best = self.make_span(line, 0, line, len(self._line(line).encode('utf-8')))
        else:
            best = self.make_span(best[0][0], best[0][1], best[1][0], best[1][1])
        entry[2][lasti] = best
        return best


def _name(id_, like):
    return ast.Name(id=id_, ctx=ast.Load(), lineno=like.lineno, col_offset=like.col_offset,
                    end_lineno=like.end_lineno, end_col_offset=like.end_col_offset)


def _call(hook, args, like):
    return ast.Call(func=_name(hook, like), args=args, keywords=[], lineno=like.lineno, col_offset=like.col_offset,
                    end_lineno=like.end_lineno, end_col_offset=like.end_col_offset)


def _span_ref(index, first, last, like):
    value = index.span_tuple(first.lineno, first.col_offset, last.end_lineno, last.end_col_offset)
    return ast.Constant(value, lineno=like.lineno, col_offset=like.col_offset, end_lineno=like.end_lineno,
                        end_col_offset=like.end_col_offset)


def _become_wrapped(node, inner, index, whole_first, whole_last):
    """Turns `node` in place into `__bvd__(__bvo__(span), inner)`, so no parent pointer is needed."""
    marker = _call('__bvo__', [_span_ref(index, whole_first, whole_last, node)], node)
    node.__class__ = ast.Call
    node.func = _name('__bvd__', node)
    node.args = [marker, inner]
    node.keywords = []


def _copy(node, cls, **fields):
    return cls(**fields, lineno=node.lineno, col_offset=node.col_offset, end_lineno=node.end_lineno,
               end_col_offset=node.end_col_offset)


def _instrument(tree, index, stmts):
    """One walk: records statement positions into `stmts` and rewrites dict displays, dict(...) calls and dict
    comprehensions."""
    targets = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            stmts.append(((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)))
        elif isinstance(node, (ast.Dict, ast.DictComp)):
            targets.append(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'dict':
            targets.append(node)
    for node in targets:
        if isinstance(node, ast.Dict):
            keys = []
            values = []
            for key, value in zip(node.keys, node.values):
                if key is None:
                    values.append(_call('__bvu__', [value, _span_ref(index, value, value, value)], value))
                else:
                    key = _call('__bvk__', [key, _span_ref(index, key, value, key)], key)
                    values.append(value)
                keys.append(key)
            _become_wrapped(node, _copy(node, ast.Dict, keys=keys, values=values), index, node, node)
        elif isinstance(node, ast.DictComp):
            inner = _copy(node, ast.DictComp, key=node.key, value=node.value, generators=node.generators)
            _become_wrapped(node, inner, index, node.key, node.value)
        else:
            args = list(node.args)
            if len(args) == 1 and not isinstance(args[0], ast.Starred):
                args[0] = _call('__bvu__', [args[0], _span_ref(index, args[0], args[0], args[0])], args[0])
            keywords = []
            for kw in node.keywords:
                if kw.arg is None:
                    value = _call('__bvu__', [kw.value, _span_ref(index, kw, kw, kw.value)], kw.value)
                else:
                    const = _copy(kw.value, ast.Constant, value=kw.arg)
                    value = _call('__bvw__', [const, kw.value, _span_ref(index, kw, kw, kw.value)], kw.value)
                keywords.append(_copy(kw, ast.keyword, arg=kw.arg, value=value))
            inner = _copy(node, ast.Call, func=node.func, args=args, keywords=keywords)
            _become_wrapped(node, inner, index, node, node)


# Compiled top-level statements, reused while their text and position are unchanged: an edit inside get_config
# recompiles get_config only, not the module's constants and helpers.
_stmt_cache = {}


def _has_future_import(tree):
    return any(isinstance(s, ast.ImportFrom) and s.module == '__future__' for s in tree.body)


def compile_user(filename, source):
    """Parses, instruments and compiles a user file; returns ([code per top-level statement], FileIndex).
    Raises SyntaxError as CPython does."""
    tree = ast.parse(source, filename)
    lines = source.splitlines()
    index = FileIndex(filename, lines)
    if _has_future_import(tree):  # future imports must share one code object with the statements they affect
        _instrument(tree, index, index._stmts)
        index._stmts.sort()
        return [compile(tree, filename, 'exec', dont_inherit=True)], index
    if len(_stmt_cache) > 20000:
        _stmt_cache.clear()
    codes = []
    for stmt in tree.body:
        text = '\n'.join(lines[stmt.lineno - 1:stmt.end_lineno])
        key = (filename, stmt.lineno, stmt.col_offset, stmt.end_lineno, stmt.end_col_offset, text)
        hit = _stmt_cache.get(key)
        if hit is None:
            positions = []
            module = ast.Module(body=[stmt], type_ignores=[])
            _instrument(module, index, positions)
            hit = _stmt_cache[key] = (compile(module, filename, 'exec', dont_inherit=True), positions)
        codes.append(hit[0])
        index._stmts.extend(hit[1])
    index._stmts.sort()
    return codes, index
