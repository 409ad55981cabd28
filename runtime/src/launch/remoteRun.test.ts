import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { holderProblem, parsePreflight } from './remoteRun';
import { RUN_SCRIPTS } from './runScripts';

describe('launch/remoteRun: the run control scripts', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-runctl-'));
    for (const [name, text] of Object.entries(RUN_SCRIPTS)) fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bv-run starts detached in a group of its own, bv-wait reports the exit status, bv-stop ends the group', async () => {
    const ctl = path.join(dir, 'control', 'r1');
    const start = spawnSync('bash', [path.join(dir, 'bv-run'), ctl, dir, 'bash', '-c', 'echo hi; exit 3'], { encoding: 'utf8' });
    assert.equal(start.status, 0, start.stderr);
    const wait = spawnSync('bash', [path.join(dir, 'bv-wait'), ctl], { encoding: 'utf8' });
    assert.equal(wait.stdout.trim(), '3');
    assert.equal(fs.readFileSync(path.join(ctl, 'out.log'), 'utf8'), 'hi\n');
    const ctl2 = path.join(dir, 'control', 'r2');
    const pid = Number(spawnSync('bash', [path.join(dir, 'bv-run'), ctl2, dir, 'sleep', '300'], { encoding: 'utf8' }).stdout.trim());
    assert.ok(pid > 0);
    const stop = spawnSync('bash', [path.join(dir, 'bv-stop'), ctl2, 'INT:2', 'TERM:2', 'KILL:2'], { encoding: 'utf8' });
    assert.match(stop.stdout, /stopped by SIG(INT|TERM)/);
    assert.throws(() => process.kill(-pid, 0), 'the group is gone');
    assert.equal(spawnSync('bash', [path.join(dir, 'bv-wait'), ctl2], { encoding: 'utf8' }).stdout.trim(), '130', 'sleep dies of SIGINT: 128+2');
  });

  it('bv-preflight names who holds a device and which of our runs it is', async () => {
    const device = path.join(dir, 'accel0');
    fs.writeFileSync(device, '');
    const ctl = path.join(dir, 'control', 'ours');
    const pid = Number(spawnSync('bash', [path.join(dir, 'bv-run'), ctl, dir, 'bash', '-c', `exec 5<${device}; sleep 300`], { encoding: 'utf8' }).stdout.trim());
    const foreign = spawn('bash', ['-c', `exec 6<${device}; sleep 300`], { stdio: 'ignore' });
    try {
      let holders: ReturnType<typeof parsePreflight> = [];
      // The two holders open the file right after starting: ask until both show (a few ms).
      for (let i = 0; i < 50 && holders.length < 2; i++) {
        holders = parsePreflight(spawnSync('bash', [path.join(dir, 'bv-preflight'), path.join(dir, 'control'), `${dir}/accel*`], { encoding: 'utf8' }).stdout);
        if (holders.length < 2) await new Promise((r) => setTimeout(r, 50));
      }
      const ours = holders.find((h) => h.run === 'ours');
      const other = holders.find((h) => !h.run);
      assert.ok(ours && ours.pgid === pid, JSON.stringify(holders));
      assert.ok(other && other.pid === foreign.pid, JSON.stringify(holders));
      assert.match(holderProblem('worker 0', [ours], 'n1') ?? '', /held by our run ours .*bv tpu stop n1 --run ours, or --stop-previous/);
      assert.match(holderProblem('worker 0', [other], 'n1') ?? '', /held by process \d+ \(sleep 300\), which Big Vision Studio did not start/);
      assert.equal(holderProblem('worker 0', [], 'n1'), undefined);
    } finally {
      foreign.kill('SIGKILL');
      spawnSync('bash', [path.join(dir, 'bv-stop'), ctl, 'KILL:2']);
    }
  });
});
