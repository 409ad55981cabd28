import * as assert from 'node:assert/strict';
import { LineIndex } from './lineIndex';
import { ParsedText } from './parsedText';
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

describe('pyparse: ParsedText', () => {
  before(() => initPyparse());

  it('incremental edits give the same tree as parsing the new text', () => {
    const text = "def get_config():\n  config.input.pp = 'decode'\n  return config\n";
    const doc = new ParsedText(text);
    assert.ok(doc.tree.rootNode.text.startsWith('def'));
    doc.change([
      { range: { start: { line: 1, character: 27 }, end: { line: 1, character: 27 } }, text: '|resize(224)' },
      { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 8 } }, text: 'x = 1\n  yield' },
      { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 14 } }, text: 'é😀' },
    ]);
    const expected = "def é😀():\n  config.input.pp = 'decode|resize(224)'\n  x = 1\n  yield config\n";
    assert.equal(doc.text, expected);
    const fresh = parsePython(expected);
    assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
    assert.equal(doc.tree.rootNode.endIndex, expected.length);
    fresh.delete();
    doc.dispose();
  });

  it('edits with positions given by the caller, and between reads of the tree', () => {
    const doc = new ParsedText("x = 'é'\n");
    assert.equal(doc.tree.rootNode.hasError, false);
    doc.edit(5, 6, '😀 ok', { start: { line: 0, character: 5 }, oldEnd: { line: 0, character: 6 } });
    doc.edit(0, 0, 'y = (1,\n  2)\n');
    assert.equal(doc.text, "y = (1,\n  2)\nx = '😀 ok'\n");
    const fresh = parsePython(doc.text);
    assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
    fresh.delete();
    doc.dispose();
  });

  it('a change without a range replaces the text', () => {
    const doc = new ParsedText('x = 1\n');
    doc.change([{ text: 'y = (\n' }]);
    assert.equal(doc.tree.rootNode.hasError, true);
    assert.equal(doc.lines.lineCount, 2);
    doc.dispose();
  });
});
