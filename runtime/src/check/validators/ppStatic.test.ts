import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { assertProblems, checkFixture, fixture, rangeOf, type Expected } from '../testHelpers';
import { ppStatic } from './ppStatic';

const TABLE: readonly [string, readonly Expected[]][] = [
  // Only the default of an unused parameter: flip_lrr is in the evaluated pp string, left to ppStrings.
  ['pp.py', [{ code: 'pp-unknown-op', severity: 'warning', at: 'centre_crop', message: /stored under 'pp_img'.*Did you mean 'central_crop'/ }]],
  ['clean.py', []],
];

describe('check: ppStatic', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [ppStatic] }), expected);
    });
  }

  it('checks the helper modules of the checkout a config used, in their own file', async () => {
    const problems = await checkFixture('checkout/big_vision/configs/uses_helper.py', { validators: [ppStatic] });
    const helper = fixture('checkout/big_vision/configs/helpers.py');
    const col = fs.readFileSync(helper, 'utf8').split('\n')[3].indexOf('mapp');
    assert.deepEqual(problems.map((p) => [p.code, p.range]), [['pp-unknown-op', { file: helper, line: 4, col, endLine: 4, endCol: col + 4 }]]);
    // Where the config reaches the helper, for editors that do not show helpers.py.
    const config = 'checkout/big_vision/configs/uses_helper.py';
    assert.deepEqual(problems[0].callSite, rangeOf(config, "config.evals.val = helpers.get_eval('test')"));
  });
});
