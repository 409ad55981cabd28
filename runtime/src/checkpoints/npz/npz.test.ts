import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeNpy, parseNpy } from './npy';
import { readNpz, writeNpz } from './npz';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

describe('checkpoints/npz', () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-npz-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads the dtypes and orders numpy writes: Fortran order, float16, float64, int64, bfloat16 stored as V2', function () {
    if (!hasNumpy) this.skip();
    const file = path.join(tmp, 'dtypes.npz');
    const script = [
      'import numpy as np, sys',
      'a = np.arange(6, dtype=np.float64).reshape(2, 3) * 1.5',
      'bf = (np.array([1.0, -2.5, 3.140625], np.float32).view(np.uint32) >> 16).astype(np.uint16).view("V2")',
      'np.savez(sys.argv[1], fortran=np.asfortranarray(a), half=np.array([0.5, -2, 65504], np.float16), i8=np.array([[7, -8]], np.int64), bf16=bf, scalar=np.float32(3))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const z = readNpz(file);
    assert.deepEqual(z.get('fortran'), { shape: [2, 3], data: Float32Array.of(0, 1.5, 3, 4.5, 6, 7.5) });
    assert.deepEqual(z.get('half'), { shape: [3], data: Float32Array.of(0.5, -2, 65504) });
    assert.deepEqual(z.get('i8'), { shape: [1, 2], data: Int32Array.of(7, -8) });
    assert.deepEqual(z.get('bf16'), { shape: [3], data: Float32Array.of(1, -2.5, 3.140625) });
    assert.deepEqual(z.get('scalar'), { shape: [], data: Float32Array.of(3) });
  });

  it('round-trips its own archives and refuses what it cannot read, naming it', () => {
    const file = path.join(tmp, 'round.npz');
    const arrays = new Map([['a/b/c', { shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) }], ['n', { shape: [1], data: Int32Array.of(-3) }]]);
    writeNpz(file, arrays);
    assert.deepEqual(readNpz(file), arrays);
    assert.throws(() => parseNpy(Uint8Array.of(1, 2, 3)), /not a \.npy array/);
    const npy = encodeNpy({ shape: [4], data: new Float32Array(4) });
    assert.throws(() => parseNpy(npy.subarray(0, npy.length - 4)), /truncated data: 12 bytes for 4 values/);
    fs.writeFileSync(path.join(tmp, 'one.npz'), npy);
    assert.throws(() => readNpz(path.join(tmp, 'one.npz')), /one\.npz: not a readable \.npz \(zip\) archive.*it is a single \.npy array/);
    assert.throws(() => readNpz(path.join(tmp, 'absent.npz')), /absent\.npz: cannot read it \(ENOENT\)/);
  });
});
