import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { assertProblems, checkFixture, fixture, TFDS_FIXTURES, type Expected } from '../testHelpers';
import { tfdsData } from './tfdsData';

const S = 'splits.py';
// The syntax of a split string is checked anywhere; names and bounds where the data dir holds the dataset.
const SYNTAX: readonly Expected[] = [
  { code: 'invalid-split', severity: 'error', at: 'abc', message: /Invalid split 'train\[:abc\]' \(evals\.syntax\.data\.split\): 'abc' in 'train\[:abc\]' is not a slice boundary/ },
  { code: 'invalid-split', severity: 'error', at: 'validation[:50%', nth: 0, message: /unrecognized split format 'validation\[:50%'.*Splits read e\.g\. 'train'/ },
];

describe('check: tfdsData', () => {
  it(`${S} with the fixture data dir: split names, bounds, dataset names and syntax`, async () => {
    assertProblems(S, await checkFixture(S, { validators: [tfdsData], tfdsDataDir: TFDS_FIXTURES }), [
      ...SYNTAX,
      { code: 'unknown-split', severity: 'error', at: 'trian', message: /Unknown split 'trian' \(input\.data\.split\): dataset 'mnist' 3\.0\.1 in .* has 'test', 'train'.*Did you mean 'train'\?/, fix: 'train' },
      { code: 'invalid-split', severity: 'error', at: ':5000', message: /slice \[:5000\] does not fit the 1000 examples of 'test'/ },
      { code: 'unknown-dataset', severity: 'warning', at: 'mnistt', message: /Unknown dataset 'mnistt' \(evals\.typo\.data\.name\): .* holds no such prepared dataset.*Did you mean 'mnist'\?/, fix: 'mnist' },
    ]);
  });

  it(`${S} without the dataset on this machine: the syntax alone`, async () => {
    assertProblems(S, await checkFixture(S, { validators: [tfdsData], tfdsDataDir: '/nonexistent' }), SYNTAX);
  });

  it('data_dir of the source wins over the checker\'s data dir', async () => {
    const source = fs.readFileSync(fixture(S), 'utf8').replace("data=dict(name='mnist', split='trian')", `data=dict(name='mnist', split='trian', data_dir=${JSON.stringify(TFDS_FIXTURES)})`);
    const problems = await checkFixture(S, { source, validators: [tfdsData], tfdsDataDir: '/nonexistent' });
    assert.deepEqual(problems.filter((p) => p.code === 'unknown-split').map((p) => p.message.slice(0, 22)), ["Unknown split 'trian' "]);
  });
});
