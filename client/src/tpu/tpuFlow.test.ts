import assert from 'node:assert/strict';
import type { AcceleratorOffer } from '../../../runtime/src/launch/tpuCli';
import { rememberedFirst, runTpuFlow, toRemember, validateNodeName, validateProject, validateWorkdir, validateZone, type FlowItem, type FlowSources, type FlowUi, type InputQuestion } from './tpuFlow';

const OFFERS: AcceleratorOffer[] = [
  { type: 'v4-8', chips: 4, hosts: 1, usdPerHour: 12.88 },
  { type: 'v4-32', chips: 16, hosts: 4, usdPerHour: 51.52 },
  { type: 'v5litepod-16', chips: 16, hosts: 4, usdPerHour: 19.2 },
];
const VERSIONS = ['tpu-ubuntu2204-base', 'tpu-vm-v4-base', 'v2-alpha-tpuv5-lite'];

const sources: FlowSources = {
  acceleratorTypes: async () => OFFERS,
  runtimeVersions: async (_p, _z, type) => (type === undefined ? VERSIONS : type.startsWith('v4') ? VERSIONS.slice(0, 2) : type === 'v5litepod-16' ? ['v2-alpha-tpuv5-lite'] : []),
};

/** A UI that answers from a script: for an input, the text or `true` (accept the default); for a pick, the label
 * or `true` (the first item); `undefined` cancels. It records what each question offered. */
function scripted(answers: (string | true | undefined)[]): FlowUi & { asked: string[]; offered: Record<string, string[]>; inputs: InputQuestion[] } {
  const asked: string[] = [];
  const offered: Record<string, string[]> = {};
  const inputs: InputQuestion[] = [];
  const next = () => {
    if (!answers.length) throw new Error('the flow asked more than the script answers');
    return answers.shift();
  };
  return {
    asked,
    offered,
    inputs,
    async input(q) {
      asked.push(q.title);
      inputs.push(q);
      const a = next();
      if (a === undefined) return undefined;
      const value = a === true ? q.value : a;
      const problem = q.validate?.(value);
      if (problem) throw new Error(`${q.title}: ${problem}`);
      return value;
    },
    async pick<T>(title: string, items: FlowItem<T>[]) {
      asked.push(title);
      offered[title] = items.map((i) => `${i.label}${i.description ? ` (${i.description})` : ''}`);
      const a = next();
      if (a === undefined) return undefined;
      const item = a === true ? items[0] : items.find((i) => i.label === a);
      if (!item) throw new Error(`${title}: no item ${a}`);
      return item.value;
    },
  };
}

const defaults = { project: 'set-project', zone: 'us-central2-b', node: 'bv-mnist-vit', workdir: '/w/runs/mnist_vit-20260101', engine: 'tfjs' as const };

describe('tpu/tpuFlow (the questions of Run on TPU)', () => {
  it('asks project, zone, type, runtime version, capacity, node, workdir, engine in order, from the settings\' defaults', async () => {
    const ui = scripted([true, true, 'v4-32', true, 'Spot', 'my-node', true, true]);
    const choices = await runTpuFlow(ui, sources, {}, defaults);
    assert.deepEqual(choices, { project: 'set-project', zone: 'us-central2-b', acceleratorType: 'v4-32', runtimeVersion: 'tpu-ubuntu2204-base', spot: true, node: 'my-node', workdir: '/w/runs/mnist_vit-20260101', engine: 'tfjs' });
    assert.deepEqual(ui.asked.map((t) => t.replace(/^Run on TPU \(\d\/8\): /, '')), ['Google Cloud project', 'zone', 'accelerator type', 'runtime version for v4-32', 'capacity', 'node name', 'workdir', 'engine']);
    assert.deepEqual(ui.offered['Run on TPU (3/8): accelerator type'], ['v4-8 (4 chips, 1 host · ~$12.88/h (estimate))', 'v4-32 (16 chips, 4 hosts · ~$51.52/h (estimate))', 'v5litepod-16 (16 chips, 4 hosts · ~$19.20/h (estimate))']);
    assert.deepEqual(ui.offered['Run on TPU (4/8): runtime version for v4-32'], ['tpu-ubuntu2204-base (newest that fits v4-32)', 'tpu-vm-v4-base']);
    assert.match(ui.offered['Run on TPU (8/8): engine'][0], /^tfjs \(the bundled trainer: on worker 0 only of this 4-host node\)/);
  });

  it('starts every question but the workdir from what the workspace answered last', async () => {
    const first = await runTpuFlow(scripted([true, 'europe-west4-a', 'v5litepod-16', true, 'Spot', 'n5', '/w/runs/a', 'big_vision']), sources, {}, defaults);
    assert.ok(first);
    const remembered = toRemember(first);
    assert.equal('workdir' in remembered, false);
    const ui = scripted([true, true, true, true, true, true, true, true]);
    const again = await runTpuFlow(ui, sources, remembered, { ...defaults, workdir: '/w/runs/b' });
    assert.deepEqual(again, { ...first, workdir: '/w/runs/b' });
    assert.equal(ui.inputs[1].value, 'europe-west4-a');
  });

  it('lists every runtime version when none is known to fit, and stops at a cancelled question', async () => {
    const odd: FlowSources = { ...sources, acceleratorTypes: async () => [{ type: 'v9-8', chips: null, hosts: null, usdPerHour: null }] };
    const ui = scripted([true, true, 'v9-8', 'tpu-vm-v4-base', undefined]);
    assert.equal(await runTpuFlow(ui, odd, {}, defaults), undefined);
    assert.deepEqual(ui.offered['Run on TPU (4/8): runtime version for v9-8'], VERSIONS);
    assert.deepEqual(ui.offered['Run on TPU (3/8): accelerator type'], ['v9-8 (shape unknown)']);
    assert.equal(await runTpuFlow(scripted([undefined]), sources, {}, defaults), undefined);
  });

  it('takes a gs:// workdir and then offers the big_vision engine only (the bundled one cannot write to a bucket)', async () => {
    const ui = scripted([true, true, 'v4-32', true, true, 'n1', 'gs://my-bucket/runs/s16', true]);
    const choices = await runTpuFlow(ui, sources, {}, defaults);
    assert.equal(choices?.workdir, 'gs://my-bucket/runs/s16');
    assert.equal(choices?.engine, 'big_vision');
    assert.deepEqual(ui.offered['Run on TPU (8/8): engine'].map((o) => o.split(' ')[0]), ['big_vision']);
  });

  it('says so when the zone offers nothing', async () => {
    const empty: FlowSources = { ...sources, acceleratorTypes: async () => [] };
    await assert.rejects(runTpuFlow(scripted([true, true]), empty, {}, defaults), /us-central2-b offers no accelerator types to project set-project; pick another zone/);
  });

  it('validates project, zone, node name and workdir with a message saying what fits', () => {
    assert.equal(validateProject('bv-test-project'), undefined);
    assert.match(validateProject('My Project') ?? '', /lowercase/);
    assert.equal(validateZone('us-central2-b'), undefined);
    assert.match(validateZone('us-central2') ?? '', /us-central2-b/);
    assert.equal(validateNodeName('e2e-node-1'), undefined);
    for (const bad of ['1node', 'node-', 'Node', 'a'.repeat(64)]) assert.ok(validateNodeName(bad), bad);
    assert.equal(validateWorkdir('/w/runs/x'), undefined);
    assert.equal(validateWorkdir('gs://my-bucket/runs/x'), undefined);
    assert.match(validateWorkdir('gs://My_Bucket/x') ?? '', /^the workdir gs:\/\/My_Bucket\/x: expected gs:\/\/BUCKET\/PATH with a bucket name/);
    assert.ok(validateWorkdir(' '));
  });

  it('puts the remembered item first and keeps the others in order', () => {
    const items = ['a', 'b', 'c'].map((v) => ({ label: v, value: v }));
    assert.deepEqual(rememberedFirst(items, 'c').map((i) => i.value), ['c', 'a', 'b']);
    assert.deepEqual(rememberedFirst(items, 'x').map((i) => i.value), ['a', 'b', 'c']);
  });
});
