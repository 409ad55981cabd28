// Saves a pyodide memory snapshot taken after the standard-library modules the config engine uses are imported.
// Starting the engine from it takes ~0.6 s instead of ~2 s; the worker falls back to a plain start without it.
import { loadPyodide, version } from 'pyodide';
import { writeFileSync } from 'node:fs';

const out = process.argv[2];
const py = await loadPyodide({ _makeSnapshot: true, jsglobals: Object.create(null) });
py.runPython('import ast, json, re, types, functools, itertools, copy, dataclasses, typing, math, collections, operator, string, time');
const snapshot = py.makeMemorySnapshot();
writeFileSync(out, snapshot);
writeFileSync(`${out}.version`, version);
