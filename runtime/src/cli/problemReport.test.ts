import * as assert from 'node:assert/strict';
import type { Problem } from '../check';
import { formatProblem, preRunGate } from './problemReport';

const at = (code: Problem['code'], severity: Problem['severity'], message: string, line: number): Problem => ({
  code, severity, message, range: { file: '/w/configs/x.py', line, col: 4, endLine: line, endCol: 8 },
});

describe('problem report and the pre-run gate of bv train', () => {
  const warning = at('unknown-key', 'warning', "Unknown key 'totl_steps'. Did you mean 'total_steps'?", 3);
  const error = at('missing-required', 'error', "Missing required duration 'total'.", 1);
  const note = at('engine-only', 'information', "'mixup' runs only with upstream big_vision.", 7);

  it('prints a problem as bv check does: path relative to the working directory, 1-based column', () => {
    assert.equal(formatProblem(warning, '/w'), "configs/x.py:3:5: warning unknown-key Unknown key 'totl_steps'. Did you mean 'total_steps'?");
    assert.equal(formatProblem(warning, '/elsewhere').split(':')[0], '/w/configs/x.py');
  });

  it('warnings are printed and do not stop the run', () => {
    assert.deepEqual(preRunGate([warning], '/w', 'configs/x.py'), { lines: [formatProblem(warning, '/w')], blocked: false });
    assert.deepEqual(preRunGate([], '/w', 'configs/x.py'), { lines: [], blocked: false });
  });

  it('errors stop the run; every problem is listed, then why', () => {
    const gate = preRunGate([error, warning], '/w', 'configs/x.py');
    assert.equal(gate.blocked, true);
    assert.deepEqual(gate.lines.slice(0, 2), [formatProblem(error, '/w'), formatProblem(warning, '/w')]);
    assert.match(gate.lines[2], /^bv train: 1 error\(s\) above would stop this run/);
  });

  it('engine-only notes stop the run with the upstream command to use instead', () => {
    const gate = preRunGate([warning, note], '/w', 'configs/x.py:aug=none');
    assert.equal(gate.blocked, true);
    assert.match(gate.lines[2], /python -m big_vision\.train --config configs\/x\.py:aug=none --workdir DIR$/);
  });
});
