import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

describe('tf/simd: the committed kernels binary', () => {
  it('is kernels.wat compiled (edit the .wat, then run `node scripts/wasmKernels.mjs`)', async () => {
    // The generator is an ES module of the build scripts; its path is computed so that tsc does not follow it.
    const generator = path.join(__dirname, '..', '..', '..', '..', 'scripts', 'wasmKernels.mjs');
    const { kernelsModuleSource, WAT, OUT } = (await import(generator)) as { kernelsModuleSource(wat: string): Promise<string>; WAT: string; OUT: string };
    assert.equal(fs.readFileSync(OUT, 'utf8'), await kernelsModuleSource(fs.readFileSync(WAT, 'utf8')));
  });
});
