/**
 * The diagnostics board: a document shows its own diagnostics plus what other documents' analyses placed in it,
 * and every change republishes the union.
 */
import * as assert from 'node:assert/strict';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticsBoard } from './diagnosticsBoard';

const d = (message: string): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message });

describe('DiagnosticsBoard', () => {
  let sent: PublishDiagnosticsParams[];
  let board: DiagnosticsBoard;
  const last = (uri: string) => [...sent].reverse().find((p) => p.uri === uri);
  const shown = (uri: string) => last(uri)?.diagnostics.map((x) => x.message);
  beforeEach(() => {
    sent = [];
    board = new DiagnosticsBoard((p) => sent.push(p));
  });

  it('merges a document\'s own diagnostics with those placed in it, the analysed document first', () => {
    board.publish('h', 3, [d('h own')], new Map());
    board.publish('c', 7, [d('c own')], new Map([['h', [d('from c')]]]));
    assert.deepEqual(sent.slice(-2).map((p) => p.uri), ['c', 'h']);
    assert.deepEqual([shown('h'), last('h')?.version], [['h own', 'from c'], 3]);
    assert.deepEqual([shown('c'), last('c')?.version], [['c own'], 7]);
    assert.deepEqual(board.sourcesOf('h'), ['c']);
  });

  it('a new analysis that no longer reaches a document takes back what it placed there', () => {
    board.publish('c', 1, [], new Map([['h', [d('from c')]]]));
    board.publish('c', 2, [d('at the call')], new Map());
    assert.deepEqual(shown('h'), []);
    assert.deepEqual(board.sourcesOf('h'), []);
  });

  it('withdraw keeps what others placed; close clears the document', () => {
    board.publish('h', 1, [d('h own')], new Map([['c', [d('from h')]]]));
    board.publish('c', 1, [], new Map([['h', [d('from c')]]]));
    board.withdraw('h');
    assert.deepEqual([shown('h'), shown('c')], [['from c'], []]);
    board.close('h');
    assert.deepEqual(last('h'), { uri: 'h', diagnostics: [] });
    assert.deepEqual(board.sourcesOf('h'), []);
  });
});
