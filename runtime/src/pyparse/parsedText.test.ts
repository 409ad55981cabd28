import * as assert from 'node:assert/strict';
import { ParsedDocuments } from './documents';
import { LineIndex } from './lineIndex';
import { initPyparse, parsePython } from './parser';

describe('pyparse: LineIndex', () => {
  it('converts offsets and positions with \\n, \\r\\n and \\r line ends, clamping', () => {
    const idx = new LineIndex('ab\r\ncd\ne\rf');
    assert.equal(idx.lineCount, 4);
    assert.deepEqual(idx.positionAt(4), { line: 1, character: 0 });
    assert.equal(idx.offsetAt({ line: 3, character: 0 }), 9);
    assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2, 'clamped to the end of the line, before \\r\\n');
    assert.equal(idx.lineEnd(0), 2);
    assert.equal(idx.offsetAt({ line: 9, character: 0 }), 10);
  });
});

describe('pyparse: ParsedDocuments', () => {
  before(() => initPyparse());

  it('incremental edits give the same tree as parsing the new text', () => {
    const docs = new ParsedDocuments();
    const text = "def get_config():\n  config.input.pp = 'decode'\n  return config\n";
    docs.open('a', text);
    const doc = docs.change('a', [
      { range: { start: { line: 1, character: 27 }, end: { line: 1, character: 27 } }, text: '|resize(224)' },
      { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 8 } }, text: 'x = 1\n  yield' },
      { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 14 } }, text: 'é😀' },
    ]);
    const expected = "def é😀():\n  config.input.pp = 'decode|resize(224)'\n  x = 1\n  yield config\n";
    assert.equal(doc.text, expected);
    assert.equal(doc.version, 1);
    const fresh = parsePython(expected);
    assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
    fresh.delete();
    docs.dispose();
  });

  it('a change without a range replaces the document; a change to a closed document throws', () => {
    const docs = new ParsedDocuments();
    docs.open('a', 'x = 1\n');
    assert.equal(docs.change('a', [{ text: 'y = (\n' }]).tree.rootNode.hasError, true);
    assert.throws(() => docs.change('b', []), /not open/);
    docs.close('a');
    assert.equal(docs.get('a'), undefined);
  });
});
