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

    def __init__(self, filename, source, tree):
        self.filename = filename
        self.lines = source.splitlines()
        self.spans = []  # Span objects referenced by index from the transformed code
        self._stmts = []  # (start, end, Span) with (line, byte col) tuples, for every statement
        self._positions = {}  # code object -> list of instruction positions
        self._cache = {}  # (code, lasti) -> Span
        for node in ast.walk(tree):
            if isinstance(node, ast.stmt):
                self._stmts.append(((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset),
                                    self.make_span(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)))
        self._stmts.sort(key=lambda s: s[0])

    def _line(self, line):
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ''

    def make_span(self, line, col, end_line, end_col):
        return _spans.Span(self.filename, line, _utf16_col(self._line(line), col),
                           end_line, _utf16_col(self._line(end_line), end_col))

    def add_span(self, line, col, end_line, end_col):
        self.spans.append(self.make_span(line, col, end_line, end_col))
        return len(self.spans) - 1

    def statement_span(self, code, lasti):
        key = (code, lasti)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        positions = self._positions.get(code)
        if positions is None:
            positions = self._positions[code] = list(code.co_positions())
        pos = positions[lasti // 2] if 0 <= lasti // 2 < len(positions) else (None, None, None, None)
        line, end_line, col, end_col = pos
        if line is None:
            line = code.co_firstlineno
        start = (line, col if col is not None else 0)
        end = (end_line or line, end_col if end_col is not None else 0)
        best = None
        for s_start, s_end, span in self._stmts:
            if s_start > start:
                break
            if s_end >= end:
                best = span  # sorted by start, so the last one containing the position is the innermost
        if best is None:
            best = self.make_span(line, 0, line, len(self._line(line).encode('utf-8')))
        self._cache[key] = best
        return best


def _name(id_):
    return ast.Name(id=id_, ctx=ast.Load())


class _Wrapper(ast.NodeTransformer):
    def __init__(self, index):
        self.index = index

    def _span(self, first, last=None):
        last = last or first
        i = self.index.add_span(first.lineno, first.col_offset, last.end_lineno, last.end_col_offset)
        return ast.Subscript(value=_name('__bvspans__'), slice=ast.Constant(i), ctx=ast.Load())

    def _call(self, hook, *args, like):
        return ast.copy_location(ast.Call(func=_name(hook), args=list(args), keywords=[]), like)

    def _wrap(self, node, whole):
        marker = self._call('__bvo__', whole, like=node)
        return self._call('__bvd__', marker, node, like=node)

    def visit_Dict(self, node):
        self.generic_visit(node)
        keys = []
        values = []
        for key, value in zip(node.keys, node.values):
            if key is None:
                values.append(self._call('__bvu__', value, self._span(value), like=value))
            else:
                keys_span = self._span(key, value)
                key = self._call('__bvk__', key, keys_span, like=key)
                values.append(value)
            keys.append(key)
        node.keys = keys
        node.values = values
        return self._wrap(node, self._span(node))

    def visit_DictComp(self, node):
        self.generic_visit(node)
        return self._wrap(node, self._span(node.key, node.value))

    def visit_Call(self, node):
        self.generic_visit(node)
        if not (isinstance(node.func, ast.Name) and node.func.id == 'dict'):
            return node
        if len(node.args) == 1 and not isinstance(node.args[0], ast.Starred):
            node.args[0] = self._call('__bvu__', node.args[0], self._span(node.args[0]), like=node.args[0])
        for kw in node.keywords:
            if kw.arg is None:
                kw.value = self._call('__bvu__', kw.value, self._span(kw), like=kw.value)
            else:
                kw.value = self._call('__bvw__', ast.Constant(kw.arg), kw.value, self._span(kw), like=kw.value)
        return self._wrap(node, self._span(node))


def compile_user(filename, source):
    """Parses, instruments and compiles a user file; returns (code, FileIndex). Raises SyntaxError as CPython."""
    tree = ast.parse(source, filename)
    index = FileIndex(filename, source, tree)
    tree = _Wrapper(index).visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, filename, 'exec', dont_inherit=True), index
