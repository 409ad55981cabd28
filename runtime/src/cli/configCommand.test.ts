import * as assert from 'node:assert/strict';
import { configCommands } from './configCommand';

describe('configCommands: the # COMMAND: line of a config', () => {
  it('reads the engine, --config, overrides and workdir', () => {
    const source = [
      '# A config.',
      '# COMMAND: bv train --config configs/a.py:steps=5 --workdir /tmp/a --config.lr=0.1',
      '# COMMAND: python -m big_vision.train --config=configs/a.py --workdir gs://B/a --config.model.depth 2',
      'def get_config(): pass',
    ].join('\n');
    assert.deepEqual(configCommands(source), [
      { line: 2, text: 'bv train --config configs/a.py:steps=5 --workdir /tmp/a --config.lr=0.1', engine: 'bundled', config: 'configs/a.py:steps=5', overrides: ['lr=0.1'], workdir: '/tmp/a' },
      { line: 3, text: 'python -m big_vision.train --config=configs/a.py --workdir gs://B/a --config.model.depth 2', engine: 'upstream', config: 'configs/a.py', overrides: ['model.depth=2'], workdir: 'gs://B/a' },
    ]);
    assert.deepEqual(configCommands('# no command here\n'), []);
  });

  it('names the line of a command it cannot read', () => {
    assert.throws(() => configCommands('#\n# COMMAND:\n'), /line 2 .*not a training command/);
    assert.throws(() => configCommands('# COMMAND: bv train --workdir /tmp/x'), /line 1 .*no --config/);
    assert.equal(configCommands('# COMMAND: python3 -m big_vision.trainers.proj.distill.distill --config c.py')[0].engine, 'upstream');
  });
});
