import * as assert from 'node:assert/strict';
import { assertProblems, checkFixture, rangeOf, type Expected } from '../testHelpers';
import { unknownKeys } from './unknownKeys';

const F = 'unknown_keys.py';

const TABLE: readonly [string, readonly Expected[]][] = [
  [F, [
    { code: 'unknown-key', severity: 'warning', at: 'num_clases', message: /Did you mean 'num_classes'/, fix: 'num_classes' },
    { code: 'unknown-key', severity: 'warning', at: "'seeed'", fix: 'seed' },
    { code: 'forbidden-key', severity: 'error', at: 'optim', line: 15, message: /optax_name/ },
    { code: 'unknown-key', severity: 'warning', at: 'shufle_buffer_size=10', fix: 'shuffle_buffer_size' },
    { code: 'unknown-key', severity: 'error', at: "dat_dir='/tmp'", message: /TypeError/, fix: 'data_dir' },
    { code: 'unknown-key', severity: 'error', at: "'pool_typ': 'gap'", message: /vit\.Model\(\)/, fix: 'pool_type' },
    { code: 'unknown-key', severity: 'error', at: 'nesterovv=True', fix: 'nesterov' },
    { code: 'unknown-key', severity: 'warning', at: 'warmup_step=5', message: /schedule\[0\]\[1\]\.warmup_step/, fix: 'warmup_steps' },
    { code: 'forbidden-key', severity: 'error', at: 'base=2.0', message: /'mult'/ },
  ]],
  // parse_arg options left in the config, upstream's ignored keys and project-trainer keys are not flagged.
  ['parse_arg_config.py', []],
  ['clean.py', []],
  ['proj_trainer.py', []],
];

describe('check: unknownKeys', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [unknownKeys] }), expected);
    });
  }

  it('a fix renames only the key: the string content of a subscript, the identifier of a keyword', async () => {
    const problems = await checkFixture(F, { validators: [unknownKeys] });
    const seeed = problems.find((p) => p.message.includes("'seeed'"));
    const inner = rangeOf(F, 'seeed');
    assert.deepEqual(seeed?.fix?.edits[0].range, inner);
    const nesterov = problems.find((p) => p.message.includes('nesterovv'));
    assert.deepEqual(nesterov?.fix?.edits[0].range, rangeOf(F, 'nesterovv'));
  });
});
