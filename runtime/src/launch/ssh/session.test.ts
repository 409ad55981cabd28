import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FakeNode } from '../../../../test/fake-tpu/fakeTpuApi';
import { SshWorkers } from '../../../../test/fake-tpu/sshWorkers';
import { fanOut } from './fanout';
import { HostKeyChangedError, HostKeyStore } from './hostKeys';
import { generateParsable, loadOrCreateKeyPair, sshKeysEntry } from './keyPair';
import { SshSession } from './session';

const PORT = 22000 + (process.pid % 5000);

function fakeNode(id: string, metadata: Record<string, string>): FakeNode {
  return { name: `projects/p/locations/z/nodes/n${id}`, id, acceleratorType: 'v4-8', runtimeVersion: 'x', state: 'READY', networkEndpoints: [], schedulingConfig: {}, metadata, labels: {}, createTime: '', apiVersion: 'V2', symptoms: [] };
}

describe('launch/ssh (ssh2 against real OpenSSH workers)', function () {
  this.timeout(30_000);
  let dir: string;
  let workers: SshWorkers;
  let store: HostKeyStore;
  let keyDir: string;

  before(function () {
    if (!fs.existsSync('/usr/sbin/sshd')) throw new Error('/usr/sbin/sshd is missing: apt-get install -y openssh-server (.ci/run installs it)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-ssh-'));
    workers = new SshWorkers({ root: path.join(dir, 'machines'), port: PORT });
    keyDir = path.join(dir, 'state');
    store = new HostKeyStore(keyDir);
  });

  after(async () => {
    for (const id of [...workers.workers.keys()]) await workers.down(fakeNode(id, {}), true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function connect(ip: string, nodeId: string, index = 0): Promise<SshSession> {
    const keys = loadOrCreateKeyPair(keyDir);
    return SshSession.connect({ host: ip, port: PORT, user: workers.user.name, privateKey: keys.privateKey, label: `worker ${index} (${ip})`, verify: (k) => store.check(nodeId, index, k, `worker ${index} (${ip})`) });
  }

  it('keeps the private key 0600 in a 0700 folder and never puts it in the metadata line', () => {
    const keys = loadOrCreateKeyPair(keyDir);
    assert.equal(fs.statSync(keys.file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(keyDir).mode & 0o777, 0o700);
    const entry = sshKeysEntry('alice', keys.publicKey);
    assert.match(entry, /^alice:ssh-ed25519 \S+ big-vision-studio$/);
    assert.ok(!entry.includes('PRIVATE'));
    assert.equal(loadOrCreateKeyPair(keyDir).publicKey, keys.publicKey, 'the pair is made once');
    assert.throws(() => sshKeysEntry('a b', keys.publicKey), /--ssh-user a b/);
  });

  it('logs in as a normal user with its own home, runs commands, copies files both ways', async () => {
    const keys = loadOrCreateKeyPair(keyDir);
    const [ip] = await workers.up(fakeNode('101', { 'ssh-keys': sshKeysEntry(workers.user.name, keys.publicKey) }), 1);
    const s = await connect(ip, '101');
    assert.notEqual((await s.run('id -u')).trim(), '0');
    assert.equal((await s.run('echo $HOME')).trim(), workers.home('101', 0));
    const r = await s.exec('echo out; echo err >&2; exit 3');
    assert.deepEqual([r.code, r.stdout, r.stderr], [3, 'out\n', 'err\n']);
    await assert.rejects(s.run('false', 'the probe'), /the probe on worker 0 \(127\.0\.0\.\d+\) exited with 1/);
    const local = path.join(dir, 'up.txt');
    fs.writeFileSync(local, 'payload');
    await s.upload(local, `${workers.home('101', 0)}/up.txt`);
    await s.download(`${workers.home('101', 0)}/up.txt`, path.join(dir, 'down.txt'));
    assert.equal(fs.readFileSync(path.join(dir, 'down.txt'), 'utf8'), 'payload');
    s.end();
  });

  it('ends a follower on the worker when it is stopped', async () => {
    const s = await connect(workers.workers.get('101')![0].ip, '101');
    const home = workers.home('101', 0);
    const seen: string[] = [];
    let resolveFirst: () => void = () => undefined;
    const first = new Promise<void>((r) => (resolveFirst = r));
    const f = s.follow(`echo $BASHPID > ${home}/follower.pid; exec tail -F ${home}/log 2>/dev/null`, (t) => {
      seen.push(t);
      if (seen.join('').includes('hello')) resolveFirst();
    });
    await s.run(`echo hello >> ${home}/log`);
    await first;
    assert.match(seen.join(''), /hello/);
    f.stop();
    await f.done;
    const pid = (await s.run(`cat ${home}/follower.pid`)).trim();
    const gone = await s.exec(`for i in $(seq 50); do kill -0 ${pid} 2>/dev/null || exit 0; sleep 0.1; done; exit 1`);
    assert.equal(gone.code, 0, 'the tail ended on the worker');
    s.end();
  });

  it('pins host keys per node id and refuses a changed one', async () => {
    const w = workers.workers.get('101')![0];
    assert.match(store.pinned('101', 0) ?? '', /^SHA256:/);
    // The same node id presenting another key: the worker's host key replaced behind our back.
    await workers.down(fakeNode('101', {}), false);
    fs.writeFileSync(path.join(w.dir, 'ssh_host_ed25519_key'), generateParsable('fake worker host key').private, { mode: 0o600 });
    const keys = loadOrCreateKeyPair(keyDir);
    const [ip] = await workers.up(fakeNode('101', { 'ssh-keys': sshKeysEntry(workers.user.name, keys.publicKey) }), 1);
    await assert.rejects(connect(ip, '101'), (err: Error) => err instanceof HostKeyChangedError && /refusing to connect/.test(err.message) && err.message.includes(store.file));
    // A new node (new id) with new keys is pinned anew.
    const [ip2] = await workers.up(fakeNode('202', { 'ssh-keys': sshKeysEntry(workers.user.name, keys.publicKey) }), 1);
    const s = await connect(ip2, '202');
    assert.ok(store.pinned('202', 0));
    s.end();
  });

  it('fans out with a bound and names the failed workers', async () => {
    let running = 0;
    let peak = 0;
    const out = await fanOut([1, 2, 3, 4, 5, 6], 2, 'x', (i) => `w${i}`, async (v) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setImmediate(r));
      running--;
      return v * 2;
    });
    assert.deepEqual(out, [2, 4, 6, 8, 10, 12]);
    assert.equal(peak, 2);
    await assert.rejects(fanOut([1, 2, 3], 3, 'bootstrap', (i) => `worker ${i}`, async (v) => {
      if (v === 2) throw new Error('disk full');
      return v;
    }), /bootstrap failed on worker 1:\n {2}worker 1: disk full/);
  });
});
