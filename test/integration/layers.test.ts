/**
 * The runtime's layers, as the folders show them: the shared semantics (durations, dataset sizes, parameter
 * rules) sit below both the checker and the trainer; the trainer never reaches into the checker; models/ and
 * optim/ never form an import cycle. The cycle finder is itself tested on a planted cycle, so a pass means
 * something.
 */
import * as assert from 'node:assert/strict';
import { folderEdges, importCycles, importGraph, type ImportGraph } from './importGraph';
import { REPO } from './lspClient';

const PREFIX = 'runtime/src/';
/** The bundled trainer's folders. */
const TRAINER = ['train', 'trainers', 'models', 'optim', 'evaluators', 'pp', 'data', 'tf', 'checkpoint', 'checkpoints', 'modelLoad'];

describe('runtime layers', function () {
  this.timeout(30000);
  let graph: ImportGraph;
  let edges: Map<string, Set<string>>;
  before(() => {
    graph = importGraph(REPO, 'runtime/src');
    edges = folderEdges(graph, PREFIX);
  });

  it('finds a planted cycle (a → b → c → a) and none in a chain', () => {
    const planted: ImportGraph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]]);
    assert.deepEqual(importCycles(planted), [['a', 'b', 'c']]);
    assert.deepEqual(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]])), []);
  });

  it('reads the real graph (the optimizer imports the parameter rules from semantics/)', () => {
    assert.ok(graph.get('runtime/src/optim/optimizer.ts')?.includes('runtime/src/semantics/paramRules.ts'));
  });

  it('has no import cycle through models/ and optim/, and no folder edge both ways between them', () => {
    const touching = importCycles(graph).filter((c) => c.some((f) => /^runtime\/src\/(models|optim)\//.test(f)));
    assert.deepEqual(touching, []);
    assert.ok(!(edges.get('models')?.has('optim') && edges.get('optim')?.has('models')), 'models/ and optim/ import each other');
  });

  it('keeps semantics/ below the checker and the trainer', () => {
    const above = ['check', 'train', 'trainers', 'models', 'optim', 'evaluators', 'pp', 'cli', 'launch', 'runs'];
    assert.deepEqual([...(edges.get('semantics') ?? [])].filter((f) => above.includes(f)), []);
  });

  it('keeps the trainer out of the checker', () => {
    const offenders = TRAINER.filter((f) => edges.get(f)?.has('check'));
    assert.deepEqual(offenders, [], `trainer folders importing check/: ${offenders.join(', ')}`);
  });
});
