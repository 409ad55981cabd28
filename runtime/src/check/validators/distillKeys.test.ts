import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { checkFixture, fixture } from '../testHelpers';
import { distillKeys } from './distillKeys';

const F = 'proj_trainer.py';

describe('check: distillKeys', () => {
  const base = fs.readFileSync(fixture(F), 'utf8');
  const check = async (edit: (s: string) => string) => (await checkFixture(F, { source: edit(base), validators: [distillKeys] })).map((p) => [p.code, p.severity, p.message]);

  it("reports a teacher's missing init, an unknown distance, a keyword dist does not take and an unknown student model", async () => {
    const problems = await check((s) =>
      s.replace("config.distance = 'kl'", "config.distance = 'kll'\n  config.distance_kw = dict(t=2.0, tt=1)").replace("config.student_name = 'bit_paper'", "config.student_name = 'bitt_paper'"),
    );
    const codes = problems.map(([c]) => c);
    assert.deepEqual(codes.sort(), ['missing-required', 'unknown-key', 'unknown-model', 'wrong-value']);
    const text = problems.map(([, , m]) => m).join('\n');
    assert.match(text, /Missing required key 'prof_init' of the distillation trainer/);
    assert.match(text, /config\.distance: unknown distance 'kll' \(upstream's dist knows: kl, euclidean, l2, hard, logsoftmax_euclidean\)/);
    assert.match(text, /config\.distance_kw\.tt: is not an argument of dist/);
    assert.match(text, /Unknown student_name 'bitt_paper'.*Did you mean 'bit_paper'/);
  });

  it('a complete distillation config has no problem; other configs are not its business', async () => {
    assert.deepEqual(await check((s) => s.replace("config.prof_name = 'bit_paper'", "config.prof_name = 'bit_paper'\n  config.prof_init = '/tmp/teacher'")), []);
    assert.deepEqual((await checkFixture('clean.py', { validators: [distillKeys] })).length, 0);
  });
});
