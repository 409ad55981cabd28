import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spanIndex } from '../config/spanIndex';
import { blameKey, ConfigKeyError } from './configKeyError';

describe('semantics/configKeyError', () => {
  it('carries the key path and prints the key as users write it', () => {
    const e = new ConfigKeyError(['schedule', 0, 1, 'warmup_steps'], 'must be shorter than training');
    assert.deepEqual(e.path, ['schedule', 0, 1, 'warmup_steps']);
    assert.equal(e.key, 'config.schedule[0][1].warmup_steps');
    assert.equal(e.message, 'config.schedule[0][1].warmup_steps: must be shorter than training');
    assert.equal(new ConfigKeyError(['evals', 'val/x', 'pp_fn'], 'bad').key, "config.evals['val/x'].pp_fn");
  });

  it('blames a key for an error that names none, and keeps one that does', () => {
    let plain: unknown;
    try {
      blameKey(['input', 'pp'], () => { throw new Error("Unknown pp op 'x'"); });
    } catch (e) {
      plain = e;
    }
    assert.ok(plain instanceof ConfigKeyError);
    assert.deepEqual([plain.key, plain.message], ['config.input.pp', "config.input.pp: Unknown pp op 'x'"]);
    const own = new ConfigKeyError(['lr'], 'bad');
    assert.throws(() => blameKey(['model'], () => { throw own; }), (e) => e === own);
  });

  it('is located through the engine spans by its path, or its closest recorded parent', () => {
    const span = (line: number) => ({ file: 'c.py', line, col: 2, endLine: line, endCol: 9 });
    const index = spanIndex([[['input'], span(3), { type: 'ConfigDict' }], [['input', 'pp'], span(5), { type: 'str' }], [['evals', 'val'], span(9), { type: 'ConfigDict' }], [['schedule', 0, 1], span(11), { type: 'dict' }]]);
    assert.equal(index.nearest(new ConfigKeyError(['input', 'pp'], 'x').path)?.line, 5);
    assert.equal(index.nearest(['input', 'data', 'name'])?.line, 3);
    assert.equal(index.nearest(['evals', 'val', 'log_steps'])?.line, 9);
    assert.equal(index.nearest(['schedule', 0, 1, 'warmup_steps'])?.line, 11, 'list indices are path segments, not dotted text');
    assert.equal(index.nearest(['model_name']), undefined);
  });

  it('no source spells a config key into an error message for someone to parse back: keys travel as paths', () => {
    const roots = ['runtime/src', 'server/src', 'client/src'].map((r) => path.resolve(__dirname, '../../..', r));
    // A message that starts with a key (`new Error(`config.lr=...`)`), or a regex recovering one from a message.
    const spelled = /new\s+\w*Error\(\s*[`'"]config[.[]/;
    const parsed = /\/\^\(?(?:\?:)?config\b|toConfigKeyError/;
    const offenders: string[] = [];
    for (const root of roots) {
      for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
        fs.readFileSync(path.join(root, file), 'utf8').split('\n').forEach((line, i) => {
          if (spelled.test(line) || parsed.test(line)) offenders.push(`${path.relative(path.resolve(__dirname, '../../..'), path.join(root, file))}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    assert.ok(roots.every((r) => fs.existsSync(r)));
    assert.deepEqual(offenders, []);
    assert.ok(spelled.test("throw new Error(`config.model.${key}=${v} is not valid`)") && parsed.test('const own = /^(config(?:\\.[\\w/-]+)+)[=:\\s]/.exec(message);'), 'the patterns catch the old forms');
  });
});
