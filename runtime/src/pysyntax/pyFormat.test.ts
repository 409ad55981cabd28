// The one float formatter and pyRepr: Python's repr digits and exponent form, non-finite floats as source or
// as Python's json writes them, and containers as Python spells them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pyFloat, pyRepr } from './pyFormat';

describe('pyFormat', () => {
  const FLOATS: readonly [number, string][] = [
    [1, '1.0'], [0.1, '0.1'], [0.001, '0.001'], [1e-4, '0.0001'], [1.5e-4, '0.00015'], [1e-5, '1e-05'], [2.5e-7, '2.5e-07'],
    [123456.5, '123456.5'], [1e16, '1e+16'], [1.5e16, '1.5e+16'], [9999999999999998, '9999999999999998.0'], [0, '0.0'],
    [-0, '-0.0'], [-3, '-3.0'], [-3.25, '-3.25'], [Math.fround(0.1), '0.10000000149011612'],
  ];
  for (const [x, want] of FLOATS) it(`float ${x} → ${want}`, () => assert.equal(pyFloat(x), want));

  it('writes non-finite floats as source or as JSON', () => {
    assert.deepEqual([NaN, Infinity, -Infinity].map((x) => pyFloat(x)), ["float('nan')", "float('inf')", "-float('inf')"]);
    assert.deepEqual([NaN, Infinity, -Infinity].map((x) => pyFloat(x, 'json')), ['NaN', 'Infinity', '-Infinity']);
  });

  it('writes values as Python source', () => {
    assert.equal(pyRepr([1, 'a', null, true]), "(1, 'a', None, True)");
    assert.equal(pyRepr([1]), '(1,)');
    assert.equal(pyRepr([1, 2], true), '[1, 2]');
    assert.equal(pyRepr({ k: "it's" }), "{'k': 'it\\'s'}");
    assert.equal(pyRepr(NaN), "float('nan')");
  });

  it('is the only float formatter in the TypeScript sources', () => {
    const root = join(__dirname, '..', '..', '..');
    const hits: string[] = [];
    // Python's repr is written from JavaScript's shortest digits: `x.toExponential()` without a precision.
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ts$/.test(name) && !name.endsWith('.test.ts') && /\.toExponential\(\)/.test(readFileSync(path, 'utf8'))) hits.push(relative(root, path));
      }
    };
    for (const side of ['runtime/src', 'server/src', 'client/src']) walk(join(root, side));
    assert.deepEqual(hits, ['runtime/src/pysyntax/pyFormat.ts']);
  });
});
