"""Resolves the imports of config code, fresh for every evaluation as upstream's loader does.

`big_vision.*` modules come from the user's big_vision checkout when the host sent one (those files are user
code: instrumented for spans and shown in tracebacks), otherwise from the engine's bundled compatible modules.
ml_collections is the engine's own implementation; a short list of pure standard-library modules is allowed.
"""
import builtins
import os
import types

from . import sandbox, spans, transform

BUNDLED_ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

_bundled_code = {}  # path -> code
_user_code = {}  # (filename, source) -> ([code], FileIndex)


def compile_user_cached(filename, source):
    key = (filename, source)
    hit = _user_code.get(key)
    if hit is None:
        if len(_user_code) > 256:
            _user_code.clear()
        hit = _user_code[key] = transform.compile_user(filename, source)
    spans.register_file(hit[1])
    return hit


_bundled_paths = {}


def _bundled(dotted):
    """(path, is_package) of a bundled module, or None. The bundled tree never changes, so answers are kept."""
    if dotted not in _bundled_paths:
        _bundled_paths[dotted] = _find_bundled(dotted)
    return _bundled_paths[dotted]


def _find_bundled(dotted):
    base = os.path.join(BUNDLED_ROOT, *dotted.split('.'))
    if os.path.isfile(os.path.join(base, '__init__.py')):
        return os.path.join(base, '__init__.py'), True
    if os.path.isfile(base + '.py'):
        return base + '.py', False
    return None


class Session:
    """One evaluation's module namespace."""

    def __init__(self, checkout):
        # checkout: dotted name -> {"path": host path, "source": text, "package": bool}
        self.checkout = checkout or {}
        self.modules = {}
        self.builtins = sandbox.make_builtins(self.import_, spans.HOOKS)

    @spans.stop_walk_at
    def exec_user(self, filename, source, module):
        codes, _ = compile_user_cached(filename, source)
        module.__dict__['__builtins__'] = self.builtins
        for code in codes:
            exec(code, module.__dict__)

    def _load(self, dotted):
        if dotted in self.modules:
            return self.modules[dotted]
        parent = None
        if '.' in dotted:
            parent = self._load(dotted.rsplit('.', 1)[0])
        entry = self.checkout.get(dotted)
        if entry is None:
            found = _bundled(dotted)
            if found is None:
                raise ModuleNotFoundError(
                    f'No module named {dotted!r} (configs can import big_vision.configs.* modules; is the '
                    f'big_vision checkout set in bigVision.checkout or found above the config?)', name=dotted)
            path, is_package = found
        else:
            path, is_package = entry['path'], entry.get('package', False)
        module = types.ModuleType(dotted)
        module.__file__ = path
        module.__package__ = dotted if is_package else dotted.rpartition('.')[0]
        if is_package:
            module.__path__ = [os.path.dirname(path)]
        self.modules[dotted] = module
        if parent is not None:
            setattr(parent, dotted.rsplit('.', 1)[1], module)
        if entry is not None:
            self.exec_user(path, entry['source'], module)
        else:
            code = _bundled_code.get(path)
            if code is None:
                with open(path, encoding='utf-8') as f:
                    code = _bundled_code[path] = compile(f.read(), path, 'exec', dont_inherit=True)
            module.__dict__['__builtins__'] = self.builtins
            exec(code, module.__dict__)
        return module

    def import_(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level:
            package = (globals or {}).get('__package__') or ''
            parts = package.split('.') if package else []
            if level - 1 > len(parts) or not package:
                raise ImportError('attempted relative import beyond top-level package')
            base = '.'.join(parts[:len(parts) - (level - 1)])
            name = f'{base}.{name}' if name else base
        top = name.split('.')[0]
        if top == 'big_vision':
            module = self._load(name)
            for item in fromlist or ():
                if item != '*' and not hasattr(module, item):
                    self._load(f'{name}.{item}')
            return module if fromlist else self.modules[top]
        if top == 'ml_collections' or name in sandbox.ALLOWED_STDLIB:
            return builtins.__import__(name, globals, locals, fromlist, 0)
        allowed = ', '.join(sorted(sandbox.ALLOWED_STDLIB))
        raise sandbox.SandboxError(
            f'sandbox: config code may not import {name!r}; configs may import ml_collections, '
            f'big_vision.configs.* and these standard modules: {allowed}')
