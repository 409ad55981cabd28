import * as assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { configPathOf, configRoots } from './keyPath';
import { initPyparse, parsePython } from './parser';

/** The config path of the smallest node at `¦`. */
function pathAt(marked: string): unknown {
  const offset = marked.indexOf('¦');
  const text = marked.replace('¦', '');
  const tree = parsePython(text);
  let node: Node | null = tree.rootNode.descendantForIndex(offset, offset);
  while (node && node.type !== 'string' && node.type !== 'integer' && node.type !== 'identifier') node = node.parent;
  if (node?.parent?.type === 'string') node = node.parent;
  const out = node ? configPathOf(node, configRoots(tree.rootNode)) : null;
  tree.delete();
  return out;
}

const G = 'def get_config():\n  cfg2 = 1\n';

describe('pyparse: configPathOf', () => {
  before(() => initPyparse());

  const CASES: readonly [string, unknown][] = [
    [`${G}  config.input.pp = 'de¦code'\n`, ['input', 'pp']],
    [`${G}  config.input = dict(data=dict(name='ci¦far'))\n`, ['input', 'data', 'name']],
    [`${G}  config.input = {'data': {'split': 'tr¦ain'}}\n`, ['input', 'data', 'split']],
    [`${G}  config.evals['val'].pp_fn = ('a|' + 'b¦')\n`, ['evals', 'val', 'pp_fn']],
    [`${G}  config.schedule = [('.*', dict(warmup_steps=1¦0))]\n`, ['schedule', 0, 1, 'warmup_steps']],
    [`${G}  config.input.pp = '|'.join(['a', 'b¦'])\n`, ['input', 'pp']],
    [`${G}  config.model = mlc.ConfigDict(dict(variant='B¦/16'))\n`, ['model', 'variant']],
    [`${G}  return dict(seed=¦1)\n`, ['seed']],
    [`${G}  other.x = 'a¦'\n`, undefined],
    [`${G}  config.x = helper('a¦')\n`, undefined],
    ['def helper():\n  return dict(seed=¦1)\n', undefined],
    ['def get_config():\n  mine = 1\n  mine.seed = ¦1\n  return mine\n', ['seed']],
  ];
  for (const [src, expected] of CASES) {
    it(`${src.split('\n').find((l) => l.includes('¦'))?.trim()} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(pathAt(src), expected);
    });
  }
});
