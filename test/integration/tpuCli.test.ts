/**
 * The `bv tpu` commands the editor calls (launch/tpuCli.ts) against the fake Cloud TPU: the accelerator types with
 * chips, hosts and estimated price, the runtime versions that fit a type, the zone's nodes, deletion, and an error
 * that reaches the editor as the CLI's one line (a refused token). Needs the build and openssh-server.
 */
import assert from 'node:assert/strict';
import { FAKE_PROJECT, FAKE_ZONE, FakeTpu } from '../fake-tpu/fakeTpu';
import { TpuCli, type TpuSettings } from '../../runtime/src/launch/tpuCli';

describe('bv tpu for the editor (TpuCli on the fake Cloud TPU)', function () {
  this.timeout(120_000);
  let fake: FakeTpu;
  let cli: TpuCli;
  let settings: TpuSettings;

  before(async () => {
    fake = await FakeTpu.start();
    cli = new TpuCli(undefined, { ...process.env, ...fake.env() });
    settings = { project: FAKE_PROJECT, zone: FAKE_ZONE, stateDir: fake.stateDir, sshUser: fake.workers.user.name, sshPort: fake.port };
  });

  after(async () => {
    await fake?.close();
  });

  it('lists the zone\'s accelerator types with chips, hosts and estimated $/hour', async () => {
    const types = await cli.acceleratorTypes(settings);
    const v4 = types.find((t) => t.type === 'v4-32');
    assert.deepEqual(v4 && [v4.chips, v4.hosts], [16, 4]);
    assert.equal(v4?.usdPerHour, 51.52);
    assert.ok(types.some((t) => t.type === 'v5litepod-16'));
  });

  it('lists the runtime versions that fit an accelerator type, best first', async () => {
    assert.deepEqual(await cli.runtimeVersions(settings, 'v5litepod-16'), ['v2-alpha-tpuv5-lite']);
    assert.equal((await cli.runtimeVersions(settings, 'v4-8'))[0], 'tpu-ubuntu2204-base');
    assert.ok((await cli.runtimeVersions(settings)).length >= 5);
  });

  it('lists nodes with their estimated price, and deletes one', async () => {
    await cli.run(['tpu', 'create', 'editor-node', '--accelerator-type', 'v4-8', ...fake.flags()]);
    const nodes = await cli.listNodes(settings);
    assert.deepEqual(nodes.map((n) => [n.name, n.state, n.acceleratorType, n.workers.length]), [['editor-node', 'READY', 'v4-8', 1]]);
    assert.match(nodes[0].price?.label ?? '', /^~\$12\.88\/h \(estimate/);
    await cli.deleteNode(settings, 'editor-node');
    assert.equal(fake.api.node('editor-node'), undefined);
    assert.deepEqual(await cli.listNodes(settings), []);
  });

  it('passes the CLI\'s error on as one line', async () => {
    const refused = new TpuCli(undefined, { ...process.env, ...fake.env(), BV_TPU_ACCESS_TOKEN: 'wrong' });
    await assert.rejects(refused.listNodes(settings), (err: Error) => /^bv tpu list: /.test(err.message) && !err.message.includes('\n    at '));
  });
});
