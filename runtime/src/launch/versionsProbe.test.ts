// The probe every big_vision worker runs for its jax / libtpu versions: what importlib.metadata would say (the
// first match on sys.path, names normalised), read from the dist-info folder names.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VERSIONS_PROBE } from './bootstrap';

const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

describe('launch: the jax / libtpu versions probe', () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-probe-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function probe(pythonPath: string[]): string {
    const r = spawnSync('python3', ['-c', VERSIONS_PROBE], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: pythonPath.join(path.delimiter) } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  }

  it('names each version as the first dist-info folder on sys.path gives it, none when missing', function () {
    if (!hasPython) this.skip();
    const first = path.join(tmp, 'first');
    const second = path.join(tmp, 'second');
    for (const d of ['jax-0.4.30.dist-info', 'libtpu_nightly-0.1.dev20240617.dist-info', 'jaxtyping-0.2.0.dist-info']) fs.mkdirSync(path.join(first, d), { recursive: true });
    for (const d of ['jax-0.4.20.dist-info', 'jaxlib-0.4.30.dist-info', 'jax_cpu.egg-link']) fs.mkdirSync(path.join(second, d), { recursive: true });
    const out = probe([first, second]);
    // The Python running the tests may have its own jax; everything asked for is on the given path first.
    assert.match(out, /^jax=0\.4\.30 jaxlib=0\.4\.30 libtpu=\S+ libtpu-nightly=0\.1\.dev20240617$/);
    const none = probe([path.join(tmp, 'missing')]);
    assert.match(none, /^jax=\S+ jaxlib=\S+ libtpu=\S+ libtpu-nightly=\S+$/);
  });
});
