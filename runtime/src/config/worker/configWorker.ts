/**
 * The config engine's worker thread: hosts pyodide (CPython in wasm), loaded once and reused.
 * Python sees no JavaScript globals; the host talks to it only through JSON strings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as fs from 'node:fs';
import { loadPyodide, version, type PyodideAPI } from 'pyodide';
import type { FromWorker, ToWorker } from '../protocol';
import { mountTree } from './mountTree';

interface WorkerInit {
  pythonDir: string;
  interrupt: SharedArrayBuffer;
  /** A memory snapshot made at build time by scripts/makeSnapshot.mjs, if present. */
  snapshotPath?: string;
}

/** The snapshot's bytes when it was made by this pyodide version, else undefined. */
function readSnapshot(file: string | undefined): Uint8Array | undefined {
  if (!file) return undefined;
  try {
    if (fs.readFileSync(`${file}.version`, 'utf8') !== version) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

const LIB = '/bv/lib';
const IDLE_COLLECT_MS = 50;

async function start(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('configWorker must run as a worker thread');
  const init = workerData as WorkerInit;
  const t0 = performance.now();
  const log: string[] = [];
  const options = {
    // An object with no prototype: Python's `js` module reaches nothing, not even Object's constructor.
    jsglobals: Object.create(null) as object,
    stdout: (line: string) => log.push(line),
    stderr: (line: string) => log.push(line),
  };
  const snapshot = readSnapshot(init.snapshotPath);
  let py: PyodideAPI;
  try {
    py = await loadPyodide(snapshot ? { ...options, _loadSnapshot: snapshot } : options);
  } catch (err) {
    if (!snapshot) throw err;
    py = await loadPyodide(options);
  }
  mountTree(py, init.pythonDir, LIB);
  py.setInterruptBuffer(new Uint8Array(init.interrupt));
  py.runPython(`import sys; sys.path.insert(0, "${LIB}")`);
  const python = String(py.runPython('sys.version.split()[0]'));
  const setup = py.pyimport('bvengine.evaluate').setup;
  // Config code may read only the engine's own library and CPython's standard library.
  const fns = setup(py.toPy([`${LIB}/`, '/lib/']));
  const evaluate = fns.get(0) as (req: string) => string;
  const setCheckout = fns.get(1) as (modules: string) => void;
  const collect = fns.get(2) as () => void;
  const expandSweep = fns.get(3) as (req: string) => string;
  // Python's garbage is collected when no request has arrived for a moment, never during an evaluation.
  let idle: NodeJS.Timeout | undefined;
  const send = (msg: FromWorker) => port.postMessage(msg);
  port.on('message', (msg: ToWorker) => {
    clearTimeout(idle);
    if (msg.type === 'checkout') {
      setCheckout(msg.modules);
      return;
    }
    let result: string;
    try {
      result = msg.type === 'sweep' ? expandSweep(msg.request) : evaluate(msg.request);
    } catch (err) {
      // An error escaping the Python entry point (e.g. a KeyboardInterrupt that arrived between statements).
      const message = err instanceof Error ? err.message : String(err);
      const interrupted = message.includes('KeyboardInterrupt');
      result = JSON.stringify({
        ok: false,
        error: { type: interrupted ? 'TimeoutError' : 'EngineError', message: interrupted ? 'evaluation timed out' : message, file: '', line: null, col: null },
      });
    }
    send({ type: 'result', id: msg.id, result });
    idle = setTimeout(collect, IDLE_COLLECT_MS);
  });
  send({ type: 'ready', loadMs: performance.now() - t0, versions: { pyodide: version, python } });
}

start().catch((err: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies FromWorker);
});
