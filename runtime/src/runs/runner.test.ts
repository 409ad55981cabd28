import assert from 'node:assert/strict';
import { splitConfigFlags } from '../cli/configFlags';
import { specFromFlags } from '../cli/run';
import type { LaunchSpec } from './engines';
import { RUN_ENGINES } from './engines';
import { specFromRecord, specToArgs } from './runner';
import type { RunRecord } from './record';

describe('runs/runner', () => {
  it('bv run flags round-trip a launch spec', () => {
    const spec: LaunchSpec = {
      engine: 'big_vision', config: '/w/c.py', arg: 'variant=B/16,res=224', overrides: ['lr=0.001', 'evals["val/x"].log_steps=5'], workdir: '/w/runs/a',
      labels: { res: 224, note: 'a b' }, name: 'res=224', tfdsDataDir: '/data', env: { XLA_FLAGS: '--x=1' }, python: '/venv/bin/python', checkout: '/bv', trainer: 'big_vision.trainers.proj.distill.distill',
    };
    const argv = specToArgs(spec);
    assert.equal(argv[0], 'run');
    const { rest, overrides } = splitConfigFlags(argv.slice(1));
    const opt = (name: string) => rest[rest.indexOf(`--${name}`) + 1];
    const all = (name: string) => rest.flatMap((a, i) => (a === `--${name}` ? [rest[i + 1]] : []));
    const back = specFromFlags({ engine: opt('engine'), config: opt('config'), workdir: opt('workdir'), name: opt('name'), label: all('label'), env: all('env'),
      tfdsDataDir: opt('tfds-data-dir'), python: opt('python'), checkout: opt('checkout'), trainer: opt('trainer'), overrides }, '/');
    assert.deepEqual(back, spec);
  });

  it('resumes with the spec the record holds', () => {
    const record: RunRecord = { format: 1, engine: 'tfjs', command: [], cwd: '/', config: '/c.py', arg: 'steps=5', overrides: ['lr=1'], options: { backend: 'wasm' },
      name: 'n', host: 'h', pid: 1, started: 'x' };
    assert.deepEqual(specFromRecord('/w', record), { engine: 'tfjs', config: '/c.py', arg: 'steps=5', overrides: ['lr=1'], workdir: '/w', name: 'n', backend: 'wasm' });
  });

  it('builds each engine command as users type it, and says which setting is missing', () => {
    const cli = { node: '/usr/bin/node', script: '/x/dist/runtime/cli.js' };
    const spec: LaunchSpec = { engine: 'tfjs', config: '/w/c.py', arg: 'steps=5', overrides: ['lr=0.1'], workdir: '/w/r' };
    const tfjs = RUN_ENGINES.tfjs.command(spec, cli);
    assert.deepEqual(tfjs.display, ['bv', 'train', '--config', '/w/c.py:steps=5', '--workdir', '/w/r', '--config.lr=0.1']);
    assert.deepEqual(tfjs.args.slice(0, 2), ['/x/dist/runtime/cli.js', 'train']);
    assert.throws(() => RUN_ENGINES.big_vision.command({ ...spec, engine: 'big_vision' }, cli), /set bigVision\.checkout/);
    assert.throws(() => RUN_ENGINES.big_vision.command({ ...spec, engine: 'big_vision', checkout: '/nonexistent' }, cli), /big_vision\/train\.py is missing/);
  });
});
