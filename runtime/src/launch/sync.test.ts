import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FakeNode } from '../../../test/fake-tpu/fakeTpuApi';
import { SshWorkers } from '../../../test/fake-tpu/sshWorkers';
import { HostKeyStore } from './ssh/hostKeys';
import { loadOrCreateKeyPair, sshKeysEntry } from './ssh/keyPair';
import { SshSession } from './ssh/session';
import { listTree, syncTree } from './sync';

const PORT = 27000 + (process.pid % 5000);

function fakeNode(id: string, metadata: Record<string, string>): FakeNode {
  return { name: `projects/p/locations/z/nodes/n${id}`, id, acceleratorType: 'v4-8', runtimeVersion: 'x', state: 'READY', networkEndpoints: [], schedulingConfig: {}, metadata, labels: {}, createTime: '', apiVersion: 'V2', symptoms: [] };
}

/** Counts what `s` sends: commands (each a round trip and a shell on the worker) and SFTP writes. */
function counting(s: SshSession): { commands: string[]; sftp: number } {
  const seen = { commands: [] as string[], sftp: 0 };
  const follow = s.follow.bind(s);
  s.follow = (script, onData, stoppable) => {
    seen.commands.push(script);
    return follow(script, onData, stoppable);
  };
  const upload = s.upload.bind(s);
  s.upload = (...args) => {
    seen.sftp++;
    return upload(...args);
  };
  const writeFile = s.writeFile.bind(s);
  s.writeFile = (...args) => {
    seen.sftp++;
    return writeFile(...args);
  };
  return seen;
}

describe('launch/sync (against a real OpenSSH worker)', function () {
  this.timeout(30_000);
  let dir: string;
  let workers: SshWorkers;
  let s: SshSession;
  let home: string;

  before(async function () {
    if (!fs.existsSync('/usr/sbin/sshd')) throw new Error('/usr/sbin/sshd is missing: apt-get install -y openssh-server (.ci/run installs it)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-sync-'));
    workers = new SshWorkers({ root: path.join(dir, 'machines'), port: PORT });
    const keys = loadOrCreateKeyPair(path.join(dir, 'state'));
    const store = new HostKeyStore(path.join(dir, 'state'));
    const [ip] = await workers.up(fakeNode('301', { 'ssh-keys': sshKeysEntry(workers.user.name, keys.publicKey) }), 1);
    s = await SshSession.connect({ host: ip, port: PORT, user: workers.user.name, privateKey: keys.privateKey, label: `worker 0 (${ip})`, verify: (k) => store.check('301', 0, k, 'worker 0') });
    home = workers.home('301', 0);
  });

  after(async () => {
    s?.end();
    await workers?.down(fakeNode('301', {}), true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends only what differs, small files inside the command that places them, and leaves __pycache__ to the worker', async () => {
    const src = path.join(dir, 'src');
    fs.mkdirSync(path.join(src, 'pkg', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(src, 'pkg', 'config.py'), 'def get_config():\n  return {}\n');
    fs.writeFileSync(path.join(src, 'pkg', 'run.sh'), '#!/bin/sh\necho ran\n', { mode: 0o755 });
    fs.writeFileSync(path.join(src, 'pkg', 'sub', 'weights.bin'), randomBytes(100_000));
    const remote = path.posix.join(home, 'tree');

    const first = counting(s);
    const r1 = await syncTree(s, remote, listTree(src), { prune: ['.'], then: { script: 'cat pkg/config.py | wc -l', what: 'counting' } });
    assert.deepEqual([r1.files, r1.uploaded, r1.output.trim()], [3, 3, '2']);
    // Listing, folders, placing (+ the `then`): three commands; only the large file went by SFTP.
    assert.equal(first.commands.length, 3, first.commands.join('\n---\n'));
    assert.equal(first.sftp, 1);
    assert.equal(fs.readFileSync(path.join(remote, 'pkg/sub/weights.bin')).compare(fs.readFileSync(path.join(src, 'pkg/sub/weights.bin'))), 0);
    assert.equal(fs.readFileSync(path.join(remote, 'pkg/run.sh'), 'utf8'), '#!/bin/sh\necho ran\n');
    assert.equal(fs.statSync(path.join(remote, 'pkg/run.sh')).mode & 0o777, 0o755);
    assert.deepEqual(fs.readdirSync(path.join(remote, 'pkg')).sort(), ['config.py', 'run.sh', 'sub']);

    // Python ran there and cached bytecode; the local tree changed one small file.
    await s.run(`mkdir -p ${remote}/pkg/__pycache__ && echo bytecode > ${remote}/pkg/__pycache__/config.cpython-311.pyc`);
    fs.writeFileSync(path.join(src, 'pkg', 'config.py'), 'def get_config():\n  return {"lr": 0.1}\n');
    const second = counting(s);
    const r2 = await syncTree(s, remote, listTree(src), { prune: ['.'] });
    assert.deepEqual([r2.uploaded, r2.removed], [1, 0]);
    assert.equal(second.commands.length, 2, 'listing, then placing the one file written inside the command');
    assert.equal(second.sftp, 0);
    assert.match(fs.readFileSync(path.join(remote, 'pkg/config.py'), 'utf8'), /"lr": 0\.1/);
    assert.ok(fs.existsSync(path.join(remote, 'pkg/__pycache__/config.cpython-311.pyc')), 'the bytecode cache is not pruned');

    // A file gone locally is pruned.
    fs.rmSync(path.join(src, 'pkg', 'run.sh'));
    const r3 = await syncTree(s, remote, listTree(src), { prune: ['.'] });
    assert.deepEqual([r3.uploaded, r3.removed], [0, 1]);
    assert.ok(!fs.existsSync(path.join(remote, 'pkg/run.sh')));
  });
});
