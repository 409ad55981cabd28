import * as assert from 'node:assert/strict';
import { indentJson } from './indentJson';

describe('indentJson', () => {
  it('indents as json.dumps(indent=2) and keeps the scalars as written', () => {
    const text = '{"a": 1.0, "b": [1, 2.50, NaN], "c": {}, "d": [], "e": {"f": "x, y: {z}", "g": null}}';
    assert.equal(indentJson(text), [
      '{',
      '  "a": 1.0,',
      '  "b": [',
      '    1,',
      '    2.50,',
      '    NaN',
      '  ],',
      '  "c": {},',
      '  "d": [],',
      '  "e": {',
      '    "f": "x, y: {z}",',
      '    "g": null',
      '  }',
      '}',
    ].join('\n'));
  });

  it('copies strings with escaped quotes and backslashes untouched', () => {
    assert.equal(indentJson('["a\\"b, c", "d\\\\", "e"]'), '[\n  "a\\"b, c",\n  "d\\\\",\n  "e"\n]');
  });

  it('gives what JSON.parse reads back, at any indent', () => {
    const text = '{"x": [{"y": [[], {}]}], "z": -1e-05}';
    assert.deepEqual(JSON.parse(indentJson(text, 4)), JSON.parse(text));
    assert.equal(indentJson('{ }'), '{}');
  });
});
