import assert from 'node:assert/strict';
import { acceleratorInfo, defaultRuntimeVersion, runtimeVersionsFor } from './acceleratorTypes';
import { estimatePrice, PRICE_TABLE_DATE } from './prices';

const ZONE_VERSIONS = ['tpu-vm-tf-2.16.1-pjrt', 'tpu-ubuntu2204-base', 'tpu-vm-v4-base', 'v2-alpha-tpuv5-lite', 'v2-alpha-tpuv5', 'v2-alpha-tpuv6e', 'tpu-vm-base'];

describe('launch/acceleratorTypes and prices', () => {
  it('reads chips and hosts from accelerator type names', () => {
    assert.deepEqual(acceleratorInfo('v4-8'), { generation: 'v4', chips: 4, hosts: 1 });
    assert.deepEqual(acceleratorInfo('v4-32'), { generation: 'v4', chips: 16, hosts: 4 });
    assert.deepEqual(acceleratorInfo('v3-8'), { generation: 'v3', chips: 4, hosts: 1 });
    assert.deepEqual(acceleratorInfo('v5litepod-8'), { generation: 'v5e', chips: 8, hosts: 1 });
    assert.deepEqual(acceleratorInfo('v5litepod-16'), { generation: 'v5e', chips: 16, hosts: 4 });
    assert.deepEqual(acceleratorInfo('v5p-16'), { generation: 'v5p', chips: 8, hosts: 2 });
    assert.deepEqual(acceleratorInfo('v6e-256'), { generation: 'v6e', chips: 256, hosts: 64 });
    assert.equal(acceleratorInfo('tpu7x'), undefined);
  });

  it('picks the newest plain runtime version of the generation, and says what to pass when none fits', () => {
    assert.equal(defaultRuntimeVersion('v4-8', ZONE_VERSIONS, 'z'), 'tpu-ubuntu2204-base');
    assert.equal(defaultRuntimeVersion('v5litepod-16', ZONE_VERSIONS, 'z'), 'v2-alpha-tpuv5-lite');
    assert.equal(defaultRuntimeVersion('v5p-8', ZONE_VERSIONS, 'z'), 'v2-alpha-tpuv5');
    assert.equal(defaultRuntimeVersion('v6e-8', ZONE_VERSIONS, 'z'), 'v2-alpha-tpuv6e');
    assert.deepEqual(runtimeVersionsFor('v3-8', ZONE_VERSIONS), ['tpu-ubuntu2204-base', 'tpu-vm-base', 'tpu-vm-tf-2.16.1-pjrt']);
    assert.throws(() => defaultRuntimeVersion('v6e-8', ['tpu-vm-base'], 'europe-west4-a'), /no runtime version of europe-west4-a is known to fit v6e-8; pass --runtime-version, one of: tpu-vm-base/);
  });

  it('estimates $/hour per chip from a dated table and labels it an estimate', () => {
    const p = estimatePrice('v4-32');
    assert.ok(p);
    assert.equal(p.chips, 16);
    assert.equal(p.usdPerHour, 51.52);
    assert.match(p.label, new RegExp(`^~\\$51\\.52/h \\(estimate, on-demand list price of ${PRICE_TABLE_DATE}\\)$`));
    assert.match(estimatePrice('v5litepod-8', true)?.label ?? '', /estimate, spot: at most the on-demand list price/);
    assert.equal(estimatePrice('tpu7x-8'), undefined);
  });
});
