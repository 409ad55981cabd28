/**
 * Runs the ConfigDict behaviour suite (test/python/test_configdict.py, written against ml_collections 1.1.0)
 * inside pyodide, the interpreter the engine uses, so every ConfigDict rule is checked by `npm test`.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadPyodide } from 'pyodide';
import { mountTree } from './worker/mountTree';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('ConfigDict semantics (ml_collections 1.1.0 behaviour suite, in pyodide)', function () {
  this.timeout(60000);
  it('passes every test of test/python/test_configdict.py', async () => {
    const py = await loadPyodide();
    // The suite finds our package relative to its own file, so mirror the repo layout.
    mountTree(py, path.join(REPO, 'runtime/src/config/python'), '/repo/runtime/src/config/python');
    mountTree(py, path.join(REPO, 'test/python'), '/repo/test/python');
    const report = py.runPython(`
import io, sys, unittest
sys.path.insert(0, '/repo/runtime/src/config/python')
sys.path.insert(0, '/repo/test/python')
stream = io.StringIO()
suite = unittest.defaultTestLoader.loadTestsFromName('test_configdict')
result = unittest.TextTestRunner(stream=stream, verbosity=1).run(suite)
f"{result.testsRun} {len(result.failures) + len(result.errors)} {len(result.skipped)}\\n" + stream.getvalue()
`) as string;
    const [counts, ...rest] = report.split('\n');
    const [run, bad] = counts.split(' ').map(Number);
    assert.ok(run >= 50, `expected the full suite, ran ${run}`);
    assert.equal(bad, 0, rest.join('\n'));
  });
});
