"""Keeps config code away from the host: no files, processes, sockets or JavaScript.

Two layers. User code runs with its own builtins: `open`, `exec`, `eval`, `compile`, `input` and `breakpoint`
raise, and `import` admits only the config modules and a short list of pure standard-library modules. Beneath
that, a CPython audit hook refuses the dangerous operations themselves (opening a file outside the engine's own
Python library, spawning, sockets, ctypes, heap walking, the JavaScript bridge modules), so code that reaches a
module by other routes is stopped too. The worker that hosts pyodide exposes no JavaScript globals to Python.
"""
import builtins
import sys
import types


class SandboxError(PermissionError):
    """Raised when config code tries something configs may not do."""


# Pure standard-library modules a config may import (upstream configs use itertools; the rest are harmless).
ALLOWED_STDLIB = frozenset({
    'itertools', 'math', 'functools', 're', 'copy', 'dataclasses', 'typing', 'collections', 'collections.abc',
    'operator', 'string', 'numbers', 'enum', 'abc', 'fractions', 'decimal', 'textwrap', 'types', 'json',
})

# Modules that bridge to the JavaScript host or to raw memory: never importable while a config runs.
_BLOCKED_MODULES = ('js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core', 'micropip', 'ctypes', '_ctypes',
                    'pyodide_http', 'gc')

_BLOCKED_EVENTS = {
    'os.system': 'running shell commands',
    'os.exec': 'running programs',
    'os.posix_spawn': 'running programs',
    'os.spawn': 'running programs',
    'os.fork': 'starting processes',
    'os.forkpty': 'starting processes',
    'os.kill': 'signalling processes',
    'os.startfile': 'running programs',
    'subprocess.Popen': 'running programs',
    'os.remove': 'deleting files', 'os.rename': 'renaming files', 'os.mkdir': 'creating folders',
    'os.rmdir': 'deleting folders', 'os.listdir': 'listing folders', 'os.scandir': 'listing folders',
    'os.chdir': 'changing folders', 'os.chmod': 'changing files', 'os.truncate': 'changing files',
    'os.putenv': 'changing the environment', 'os.unsetenv': 'changing the environment',
    'shutil.copyfile': 'copying files', 'shutil.rmtree': 'deleting folders',
    'ctypes.dlopen': 'loading native code', 'ctypes.cdata': 'raw memory access',
    'gc.get_objects': 'walking the heap', 'gc.get_referrers': 'walking the heap',
    'gc.get_referents': 'walking the heap', 'sys.addaudithook': 'changing the sandbox',
    'urllib.Request': 'network access', 'webbrowser.open': 'opening a browser',
}


class _State:
    active = False
    readable_roots = ()


def _refuse(what, detail=''):
    extra = f' ({detail})' if detail else ''
    raise SandboxError(f'sandbox: config code may not do {what}{extra}; configs must only build and return a '
                       f'ConfigDict')


def _audit(event, args):
    if not _State.active:
        return
    if event == 'open':
        path, mode = args[0], args[1]
        if isinstance(path, int):
            _refuse('file access', f'file descriptor {path}')
        path = str(path)
        writing = mode is not None and any(c in str(mode) for c in 'wax+')
        if writing or not path.startswith(_State.readable_roots):
            _refuse('file access', f'open {path!r}')
        return
    if event == 'import':
        name = args[0]
        if name.split('.')[0] in _BLOCKED_MODULES:
            _refuse('that import', f'module {name!r}')
        return
    if event.startswith('socket.'):
        _refuse('network access', event)
    reason = _BLOCKED_EVENTS.get(event)
    if reason is not None:
        _refuse(reason, event)


def install(readable_roots):
    """Installs the audit hook (once per interpreter) and hides the JavaScript bridge modules."""
    _State.readable_roots = tuple(readable_roots)
    sys.addaudithook(_audit)
    for name in list(sys.modules):
        if name.split('.')[0] in _BLOCKED_MODULES and name != 'gc':
            # A stand-in, so that code reaching the module table gets a clear refusal instead of the bridge.
            sys.modules[name] = _Blocked(name)


class _Blocked(types.ModuleType):
    def __getattribute__(self, attr):
        if attr in ('__name__', '__spec__', '__class__'):
            return object.__getattribute__(self, attr)
        _refuse('that', f'use of module {object.__getattribute__(self, "__name__")!r}, the bridge to the host')


class active:
    """Context manager: the audit hook refuses while user code runs."""

    def __enter__(self):
        _State.active = True

    def __exit__(self, *exc):
        _State.active = False
        return False


def _refusing(name, what):
    def refused(*_args, **_kwargs):
        _refuse(what, f'{name}()')
    refused.__name__ = name
    return refused


def make_builtins(import_fn, extra):
    """Builtins for user modules: the real ones minus escape hatches, plus the engine's import and hooks."""
    table = dict(builtins.__dict__)
    table['open'] = _refusing('open', 'file access')
    table['input'] = _refusing('input', 'reading input')
    table['breakpoint'] = _refusing('breakpoint', 'debugging')
    table['exec'] = _refusing('exec', 'dynamic code execution')
    table['eval'] = _refusing('eval', 'dynamic code execution')
    table['compile'] = _refusing('compile', 'dynamic code execution')
    table['exit'] = table['quit'] = _refusing('exit', 'exiting the engine')
    table['__import__'] = import_fn
    table.update(extra)
    return table
