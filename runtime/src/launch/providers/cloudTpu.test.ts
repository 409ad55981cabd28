import assert from 'node:assert/strict';
import { FakeTpuApi } from '../../../../test/fake-tpu/fakeTpuApi';
import { ProvisionError } from '../failures';
import type { TpuNode } from '../provider';
import { CloudTpuProvider, endpointOptions, isTransient } from './cloudTpu';
import { authClient } from './googleAuth';

const at = { project: 'proj', zone: 'us-central2-b' };
const request = { name: 'n1', acceleratorType: 'v4-32', runtimeVersion: 'tpu-ubuntu2204-base', spot: true, sshKeys: 'alice:ssh-ed25519 AAAA test' };

describe('launch/providers/cloudTpu (the real @google-cloud/tpu client against the fake REST API)', function () {
  this.timeout(20_000);
  let api: FakeTpuApi;
  let provider: CloudTpuProvider;

  beforeEach(async () => {
    api = await FakeTpuApi.start({ token: 'secret-token', createMs: 30, deleteMs: 30 });
    provider = new CloudTpuProvider({ authClient: await authClient({ BV_TPU_ACCESS_TOKEN: 'secret-token' }), endpoint: api.url, pollMs: 20 });
  });

  afterEach(async () => {
    await provider.close();
    await api.close();
  });

  it('creates a node through a long-running operation, reporting its states, and reads it back', async () => {
    const seen: string[] = [];
    const node = await provider.createNode(at, request, (n) => n && seen.at(-1) !== n.state && seen.push(n.state));
    assert.equal(node.state, 'READY');
    assert.equal(node.workers.length, 4);
    assert.equal(node.spot, true);
    assert.equal(node.metadata['ssh-keys'], request.sshKeys);
    assert.match(node.id, /^\d+$/);
    assert.ok(seen.includes('READY'), `states seen: ${seen.join(', ')}`);
    assert.ok(api.requests.some((r) => r.method === 'GET' && /\/operations\/operation-/.test(r.path)), 'the operation was polled');
    assert.deepEqual((await provider.listNodes(at)).map((n: TpuNode) => n.name), ['n1']);
    assert.equal((await provider.getNode(at, 'nope')), undefined);
  });

  it('polls an operation again when its connection is reset, so a deletion is not abandoned half way', async () => {
    await provider.createNode(at, request);
    api.injectResets(2);
    const polls = api.requests.length;
    await provider.deleteNode(at, 'n1');
    assert.equal(await provider.getNode(at, 'n1'), undefined);
    assert.ok(api.requests.slice(polls).filter((r) => /\/operations\//.test(r.path)).length >= 3, 'two reset polls, then one answered');
    assert.equal(isTransient(Object.assign(new Error('request to http://h/x failed, reason: read ECONNRESET'), { code: 'ECONNRESET' })), true);
    assert.equal(isTransient(Object.assign(new Error('Quota exceeded'), { code: 8 })), false);
  });

  it('lists accelerator types and runtime versions', async () => {
    assert.ok((await provider.acceleratorTypes(at)).some((t) => t.type === 'v4-32'));
    assert.ok((await provider.runtimeVersions(at)).includes('v2-alpha-tpuv5-lite'));
  });

  it('stops, starts and deletes a node; deleting a missing node resolves', async () => {
    await provider.createNode(at, request);
    assert.equal((await provider.stopNode(at, 'n1')).state, 'STOPPED');
    assert.equal((await provider.startNode(at, 'n1')).state, 'READY');
    await provider.deleteNode(at, 'n1');
    assert.equal(await provider.getNode(at, 'n1'), undefined);
    await provider.deleteNode(at, 'n1');
  });

  it('turns a full zone into the capacity advice (another zone, --spot, a queued resource)', async () => {
    api.injectCapacityError(at.zone);
    await assert.rejects(provider.createNode(at, { ...request, spot: false }), (err: ProvisionError) => {
      assert.equal(err.kind, 'capacity');
      assert.match(err.message, /no more capacity in the zone "us-central2-b"/);
      assert.match(err.message, /another zone/);
      assert.match(err.message, /--spot/);
      assert.match(err.message, /--queued/);
      return true;
    });
  });

  it('refuses a wrong token with the credentials advice, and an unknown accelerator type as a bad request', async () => {
    const wrong = new CloudTpuProvider({ authClient: await authClient({ BV_TPU_ACCESS_TOKEN: 'wrong' }), endpoint: api.url, pollMs: 20 });
    await assert.rejects(wrong.listNodes(at), (err: ProvisionError) => err.kind === 'credentials' && /gcloud auth application-default login/.test(err.message));
    await wrong.close();
    await assert.rejects(provider.createNode(at, { ...request, acceleratorType: 'v9-8' }), (err: ProvisionError) => err.kind === 'bad-request' && /runtime-versions/.test(err.message));
  });

  it('reads endpoint URLs and rejects a bad one naming the variable', () => {
    assert.deepEqual(endpointOptions('http://127.0.0.1:8080'), { apiEndpoint: '127.0.0.1', port: 8080, protocol: 'http' });
    assert.throws(() => endpointOptions('localhost:80'), /BV_TPU_API_ENDPOINT=localhost:80 is not an http\(s\) URL/);
  });
});
