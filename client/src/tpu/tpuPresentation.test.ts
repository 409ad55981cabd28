import assert from 'node:assert/strict';
import type { ListedNode } from '../../../runtime/src/launch/tpuCli';
import { estimatePrice } from '../../../runtime/src/launch/prices';
import type { TpuChoices } from './tpuFlow';
import { confirmation, IdleGuard, idleWarning, nodeDescription, statusText, targetFlags } from './tpuPresentation';

const choices: TpuChoices = { project: 'p-123456', zone: 'us-central2-b', acceleratorType: 'v4-32', runtimeVersion: 'tpu-ubuntu2204-base', spot: false, node: 'n1', workdir: '/w/runs/r', engine: 'tfjs' };

function node(over: Partial<ListedNode>): ListedNode {
  return {
    name: 'n1', id: '1', location: { project: 'p-123456', zone: 'us-central2-b' }, state: 'READY', acceleratorType: 'v4-8', runtimeVersion: 'tpu-ubuntu2204-base', spot: false,
    workers: [{ index: 0, internalIp: '10.0.0.2' }], symptoms: [], labels: {}, metadata: {}, price: estimatePrice('v4-8') ?? null, ...over,
  };
}

describe('tpu/tpuPresentation (confirmation, flags, view rows, status bar, idle guard)', () => {
  it('confirms with chips, hosts and the estimated $/hour marked as an estimate', () => {
    const c = confirmation(choices, 'mnist_vit.py:steps=40');
    assert.equal(c.message, 'Run mnist_vit.py:steps=40 on TPU node n1? ~$51.52/h (estimate)');
    assert.match(c.detail, /^v4-32: 16 chips on 4 hosts, on-demand$/m);
    assert.match(c.detail, /^Cost: ~\$51\.52\/h \(estimate, on-demand list price of \d{4}-\d\d\)\. Prices differ by region/m);
    assert.match(c.detail, /^Engine: tfjs \(the bundled trainer\), on worker 0 only of the 4 hosts$/m);
    assert.match(c.detail, /created in p-123456 \/ us-central2-b with runtime tpu-ubuntu2204-base unless it exists/);
    assert.match(c.detail, /keeps running, and costing, after the run until you delete it/);
    const spot = confirmation({ ...choices, acceleratorType: 'v5litepod-16', spot: true, engine: 'big_vision' }, 'c.py');
    assert.match(spot.detail, /^v5litepod-16: 16 chips on 4 hosts, spot$/m);
    assert.match(spot.detail, /spot: at most the on-demand list price/);
    assert.match(spot.detail, /^Engine: big_vision \(upstream JAX\), on all 4 workers$/m);
    assert.match(c.detail, /^Workdir: \/w\/runs\/r \(metrics, config\.json and checkpoints are mirrored here\)$/m);
    const bucket = confirmation({ ...choices, engine: 'big_vision', workdir: 'gs://my-bucket/runs/r' }, 'c.py');
    assert.match(bucket.detail, /^Workdir: gs:\/\/my-bucket\/runs\/r \(the trainers write and checkpoint there; metrics and config\.json are tailed into the run's folder in runs\/\)$/m);
    const unknown = confirmation({ ...choices, acceleratorType: 'v9-8' }, 'c.py');
    assert.match(unknown.detail, /no estimate for v9-8/);
    assert.equal(unknown.message, 'Run c.py on TPU node n1?');
  });

  it('describes an existing node as it is, not as asked', () => {
    const c = confirmation(choices, 'c.py', node({ name: 'n1', acceleratorType: 'v4-8' }));
    assert.match(c.detail, /^v4-8: 4 chips on 1 host, on-demand$/m);
    assert.match(c.detail, /Node: n1, which exists \(READY\) and is used as it is/);
  });

  it('passes the choices and SSH settings as bv tpu run flags', () => {
    assert.deepEqual(targetFlags({ ...choices, spot: true }, { stateDir: '/s', sshUser: 'bvtpu', sshPort: 2222 }), [
      '--project', 'p-123456', '--zone', 'us-central2-b', '--state-dir', '/s', '--ssh-user', 'bvtpu', '--ssh-port', '2222',
      '--accelerator-type', 'v4-32', '--runtime-version', 'tpu-ubuntu2204-base', '--spot',
    ]);
  });

  it('shows nodes that cost money in the status bar with their total estimated $/hour', () => {
    assert.equal(statusText([])?.text, undefined);
    assert.equal(statusText([node({ state: 'STOPPED' })]), undefined);
    assert.equal(statusText([node({})])?.text, '$(cloud) n1 READY ~$12.88/h');
    const two = statusText([node({}), node({ name: 'n2', id: '2', acceleratorType: 'v9-8', price: null })]);
    assert.equal(two?.text, '$(cloud) 2 TPU nodes ~$12.88/h+');
    assert.match(two?.tooltip ?? '', /n2: READY, v9-8, no estimate[\s\S]*Estimated from a dated list-price table/);
    assert.equal(nodeDescription(node({ spot: true })), 'READY · v4-8 · 1 host · spot · ~$12.88/h');
  });

  it('warns once per idle stretch about a READY node that runs nothing of ours', () => {
    const guard = new IdleGuard();
    const n = node({});
    const min = 60_000;
    assert.deepEqual(guard.update([n], new Set(), 10 * min, 0), [], 'idle, not yet for long');
    assert.deepEqual(guard.update([n], new Set(), 10 * min, 10 * min).map((x) => x.name), ['n1']);
    assert.deepEqual(guard.update([n], new Set(), 10 * min, 20 * min), [], 'warned once');
    assert.deepEqual(guard.update([n], new Set(['n1']), 10 * min, 21 * min), [], 'busy: a new stretch starts later');
    assert.deepEqual(guard.update([n], new Set(), 10 * min, 22 * min), []);
    assert.deepEqual(guard.update([n], new Set(), 10 * min, 32 * min).map((x) => x.name), ['n1']);
    assert.deepEqual(guard.update([node({ state: 'CREATING', id: '9' })], new Set(), 0, 40 * min), [], 'only READY nodes');
    assert.deepEqual(guard.update([node({ id: '2' })], new Set(), 0, 41 * min).map((x) => x.id), ['2'], 'a recreated node is a new stretch');
    assert.equal(idleWarning(n, 10), 'Big Vision: TPU node n1 is READY and has run nothing of ours for 10 min. It costs ~$12.88/h (estimate, on-demand list price of 2025-01).');
  });
});
