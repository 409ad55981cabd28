import assert from 'node:assert/strict';
import { explainFailure, failureKind, ProvisionError } from './failures';

const err = (code: number, message: string) => Object.assign(new Error(`${code} X: ${message}`), { code });
const ctx = { project: 'p', zone: 'us-central2-b', node: 'n', acceleratorType: 'v4-32', runtimeVersion: 'v2-alpha-tpuv5', spot: false };

describe('launch/failures', () => {
  it('classifies provider errors by code and message', () => {
    assert.equal(failureKind(err(8, 'There is no more capacity in the zone "z"')), 'capacity');
    assert.equal(failureKind(err(8, "Quota 'TPUV4PodPerProjectPerZoneForTPUAPI' exhausted")), 'quota');
    assert.equal(failureKind(err(7, 'Permission tpu.nodes.create denied')), 'permission');
    assert.equal(failureKind(err(7, 'Cloud TPU API has not been used in project 1 before or it is disabled')), 'api-disabled');
    assert.equal(failureKind(err(16, 'Request had invalid authentication credentials')), 'credentials');
    assert.equal(failureKind(err(3, 'Unsupported runtime version')), 'bad-request');
    assert.equal(failureKind(err(6, "Resource 'n' already exists")), 'already-exists');
    assert.equal(failureKind(err(5, 'not found')), 'not-found');
  });

  it('says what to do for each kind', () => {
    const say = (e: Error) => explainFailure(e, ctx).message;
    assert.match(say(err(8, 'no more capacity')), /another zone .*--spot .*bv tpu create n --queued/);
    assert.match(say(err(8, 'Quota exceeded')), /quota of p in us-central2-b is used up for v4-32.*request more quota/);
    assert.match(say(err(7, 'denied')), /TPU Admin role \(roles\/tpu\.admin\)/);
    assert.match(say(err(7, 'SERVICE_DISABLED')), /gcloud services enable tpu\.googleapis\.com --project p/);
    assert.match(say(err(3, 'bad')), /v4-32 with runtime version v2-alpha-tpuv5 was refused: the runtime version must match the accelerator generation/);
    const e = explainFailure(err(8, 'no more capacity'), { ...ctx, spot: true });
    assert.ok(e instanceof ProvisionError);
    assert.match(e.message, /try again later \(spot capacity comes and goes\)/);
    assert.match(e.message, /^no more capacity\n→ /, 'the provider message first, without the gRPC prefix');
  });
});
