/**
 * The document store: incremental edits keep the text and the tree-sitter tree in step (the incrementally
 * re-parsed tree equals a fresh parse), and positions of an older version map onto the current text.
 */
import * as assert from 'node:assert/strict';
import { initPyparse, parsePython } from '../../runtime/src/pyparse';
import { DocumentStore } from './documents';

describe('DocumentStore', () => {
  let store: DocumentStore;
  before(async () => {
    await initPyparse();
    store = new DocumentStore();
  });

  it('applies incremental edits to text and tree', () => {
    const doc = store.open('file:///w/a.py', 'python', 1, "def get_config():\n  x = 'é'\n  return x\n");
    assert.ok(doc.tree.rootNode.text.startsWith('def'));
    doc.apply([
      { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } }, text: '😀 ok' },
      { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } }, text: 'y = (1,\n    2)\n  ' },
    ], 2);
    assert.equal(doc.text, "def get_config():\n  x = '😀 ok'\n  y = (1,\n    2)\n  return x\n");
    const fresh = parsePython(doc.text);
    assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
    assert.equal(doc.tree.rootNode.endIndex, doc.text.length);
    fresh.delete();
    assert.ok(store.isServed(doc));
    store.close(doc.uri);
  });

  it('maps positions of an older version through edits', () => {
    const doc = store.open('file:///w/b.py', 'python', 1, 'a = 1\nb = 2\nc = 3\n');
    doc.apply([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }], 2);
    doc.apply([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }, text: 'b = 20' }], 3);
    assert.equal(doc.text, '# x\na = 1\nb = 20\nc = 3\n');
    assert.deepEqual(doc.mapPosition({ line: 2, character: 5 }, 1), { line: 3, character: 5 });
    assert.deepEqual(doc.mapPosition({ line: 1, character: 5 }, 1), { line: 2, character: 6 });
    assert.equal(doc.mapPosition({ line: 2, character: 2 }, 2), undefined, 'replaced text has no position');
    assert.deepEqual(doc.mapPosition({ line: 0, character: 0 }, 3), { line: 0, character: 0 });
    store.close(doc.uri);
  });

  it('serves Python that defines get_config, or that a glob names', () => {
    const plain = store.open('file:///w/notes_cfg.py', 'python', 1, 'x = 1\n');
    assert.equal(store.served(plain.uri), undefined);
    store.setGlobs(['**/*_cfg.py']);
    assert.equal(store.served(plain.uri), plain);
    store.setGlobs([]);
    store.close(plain.uri);
  });
});
