import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { processAlive, processStartToken } from './processes';
import type { RunRecord } from './record';
import { deriveStatus, type ProcessProbe } from './status';

const base: RunRecord = {
  format: 1, engine: 'tfjs', command: ['bv', 'train'], cwd: '/', config: '/c.py', overrides: [], host: 'here', pid: 100, started: '2026-01-01T00:00:00.000Z',
};
const probe = (alive: number[]): ProcessProbe => ({ host: 'here', alive: (pid) => alive.includes(pid) });
const remote: RunRecord['remote'] = {
  provider: 'cloud-tpu', project: 'p', zone: 'us-central2-b', node: 'n1', acceleratorType: 'v4-32', spot: false, workdir: '/home/u/x', phase: 'recreating node', recoveries: 1, flags: [],
};
const ended = (exit: RunRecord['exit']): RunRecord => ({ ...base, ended: '2026-01-01T01:00:00.000Z', exit });

describe('runs/status', () => {
  it('derives every status from the record and the process table', () => {
    const cases: Array<[RunRecord | undefined, number[], string, RegExp]> = [
      [undefined, [], 'unknown', /no run record/],
      [base, [100], 'running', /process 100 is running/],
      [{ ...base, childPid: 101 }, [101], 'running', /trainer process 101/],
      [base, [], 'interrupted', /gone without an end record/],
      [{ ...base, host: 'tpu-vm-0' }, [100], 'unknown', /started on host tpu-vm-0/],
      [ended({ code: 0 }), [], 'finished', /exit code 0/],
      [ended({ code: 0, stoppedBy: 'SIGINT' }), [], 'interrupted', /stopped by SIGINT; a relaunch resumes/],
      [ended({ code: 1, stoppedBy: 'SIGTERM' }), [], 'interrupted', /stopped by SIGTERM$/],
      [ended({ code: null, signal: 'SIGKILL' }), [], 'interrupted', /killed by SIGKILL/],
      [ended({ code: 1, error: ['ValueError: bad'] }), [100], 'failed', /exit code 1/],
      [{ ...base, remote }, [100], 'running', /on TPU node n1 \(us-central2-b\): recreating node; launcher process 100/],
      [{ ...base, remote }, [], 'interrupted', /may still go on TPU node n1 .*bv tpu logs n1/],
    ];
    for (const [record, alive, status, reason] of cases) {
      const s = deriveStatus(record, probe(alive));
      assert.equal(s.status, status, JSON.stringify(record));
      assert.match(s.reason, reason);
    }
    assert.deepEqual(deriveStatus(ended({ code: 1, error: ['ValueError: bad'] }), probe([])).error, ['ValueError: bad']);
  });

  it('tells a live process from a later one with the same pid by its start token', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    const pid = child.pid as number;
    const token = processStartToken(pid);
    assert.equal(processAlive(pid, token), true);
    if (token !== undefined) assert.equal(processAlive(pid, `${token}-other`), false, 'another process under the same pid');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    assert.equal(processAlive(pid, token), false);
  });
});
