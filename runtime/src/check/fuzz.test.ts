/**
 * The checker must answer for any text a user may be in the middle of typing: random edits of the fixtures
 * (inserted code fragments, deleted spans), evaluated for real, never make `checkConfig` throw, and every
 * problem's range lies inside its file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { checkConfig } from './checkConfig';
import { fixture, sharedEngine } from './testHelpers';
import { initPyparse } from '../pyparse/parser';

const SOURCES = ['clean.py', 'pp.py', 'names.py', 'unknown_keys.py', 'run_length.py'].map((n) => ({ file: fixture(n), text: fs.readFileSync(fixture(n), 'utf8') }));
const FRAGMENTS = ["'", '"', '(', ')', '[', ']', '{', '}', ':', ',', '|', '=', '.', '\n', '  ', 'dict(', "pp='", 'config.', 'None', '1.5', "'|resize(", '\\', '#', 'f"{', '**', 'lambda: 1'];

describe('check: any edit', function () {
  this.timeout(120000);
  before(() => initPyparse());

  it('never throws and keeps ranges inside the file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: SOURCES.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...FRAGMENTS)), { minLength: 1, maxLength: 4 }),
        async (which, edits) => {
          const { file, text } = SOURCES[which];
          let source = text;
          for (const [at, del, insert] of edits) {
            const i = at % (source.length + 1);
            source = source.slice(0, i) + insert + source.slice(i + del);
          }
          const result = await sharedEngine().evaluate({ file, source });
          const problems = checkConfig({ file, source, result });
          const lines = source.split(/\r\n|\r|\n/).length;
          for (const p of problems) {
            if (p.range.file !== file) continue;
            assert.ok(p.range.line >= 1 && p.range.endLine <= lines && p.range.col >= 0, `${p.code} at ${JSON.stringify(p.range)} in ${lines} lines`);
          }
        },
      ),
      { numRuns: 60, seed: 20240607 },
    );
  });
});
