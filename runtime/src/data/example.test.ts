import * as assert from 'node:assert/strict';
import { decodeExample, encodeExample, feature, type Example } from './example';
import { exampleToData } from './exampleData';
import { parseFeatures } from './tfdsFeatures';

/** Wraps one serialized Feature as Example{features{feature{name: f}}} by hand, per the proto wire format. */
function exampleBytes(name: string, featureBytes: number[]): Buffer {
  const key = [...Buffer.from(name)];
  const entry = [0x0a, key.length, ...key, 0x12, featureBytes.length, ...featureBytes];
  const features = [0x0a, entry.length, ...entry];
  return Buffer.from([0x0a, features.length, ...features]);
}

describe('tf.train.Example', () => {
  it('decodes hand-made wire bytes of each feature kind', () => {
    // Feature.int64_list (field 3) holding packed [7, 300].
    assert.deepEqual(decodeExample(exampleBytes('label', [0x1a, 0x05, 0x0a, 0x03, 0x07, 0xac, 0x02])), { label: { kind: 'int64', value: [7, 300] } });
    // Unpacked encoding of the same repeated field is valid protobuf too.
    assert.deepEqual(decodeExample(exampleBytes('label', [0x1a, 0x02, 0x08, 0x07])), { label: { kind: 'int64', value: [7] } });
    // Feature.float_list (field 2) holding packed [0.5].
    const f = decodeExample(exampleBytes('x', [0x12, 0x06, 0x0a, 0x04, 0x00, 0x00, 0x00, 0x3f]));
    assert.equal(f.x.kind, 'float');
    assert.deepEqual(Array.from(f.x.value as Float32Array), [0.5]);
    // Feature.bytes_list (field 1) holding ['hi'].
    const b = decodeExample(exampleBytes('image', [0x0a, 0x04, 0x0a, 0x02, 0x68, 0x69]));
    assert.equal(Buffer.from((b.image.value as Uint8Array[])[0]).toString(), 'hi');
    // -1 as a 10-byte varint.
    const neg = decodeExample(exampleBytes('n', [0x1a, 0x0c, 0x0a, 0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    assert.deepEqual(neg.n.value, [-1]);
  });

  it('round-trips through encodeExample, keeping int64 beyond 2^53 exact', () => {
    const ex: Example = {
      image: feature.bytes(Buffer.from([1, 2, 3]), Buffer.from([])),
      label: feature.int64(0, 9, -5, 2 ** 40),
      score: feature.float(0.25, -1.5),
      id: { kind: 'int64', value: [2n ** 62n + 1n, -(2n ** 63n)] },
    };
    const back = decodeExample(encodeExample(ex));
    assert.deepEqual(back.label, ex.label);
    assert.deepEqual(back.id, ex.id);
    assert.deepEqual(Array.from(back.score.value as Float32Array), [0.25, -1.5]);
    assert.deepEqual((back.image.value as Uint8Array[]).map((v) => Array.from(v)), [[1, 2, 3], []]);
  });

  it('rejects bytes that are not an Example', () => {
    assert.throws(() => decodeExample(Buffer.from([0x0a, 0x20, 0x01])));
  });

  it('shapes features as features.json declares (ClassLabel scalar, Tensor shape, image bytes)', () => {
    const features = parseFeatures({
      pythonClassName: 'tensorflow_datasets.core.features.features_dict.FeaturesDict',
      featuresDict: { features: {
        image: { pythonClassName: 'tensorflow_datasets.core.features.image_feature.Image', image: { shape: { dimensions: ['-1', '-1', '3'] }, dtype: 'uint8', encodingFormat: 'jpeg' } },
        label: { pythonClassName: 'tensorflow_datasets.core.features.class_label_feature.ClassLabel', classLabel: { numClasses: '10' } },
        box: { pythonClassName: 'tensorflow_datasets.core.features.tensor_feature.Tensor', tensor: { shape: { dimensions: ['-1', '4'] }, dtype: 'float32' } },
        meta: { pythonClassName: 'tensorflow_datasets.core.features.features_dict.FeaturesDict', featuresDict: { features: {
          id: { pythonClassName: 'tensorflow_datasets.core.features.tensor_feature.Tensor', tensor: { shape: {}, dtype: 'int64' } },
        } } },
      } },
    });
    assert.deepEqual(Object.keys(features).sort(), ['box', 'image', 'label', 'meta/id']);
    assert.equal(features.image.encodingFormat, 'jpeg');
    assert.equal(features.label.numClasses, 10);
    const data = exampleToData({
      image: feature.bytes(Buffer.from('jpeg')),
      label: feature.int64(4),
      box: feature.float(0, 0, 1, 1, 0.5, 0.5, 1, 1),
      'meta/id': { kind: 'int64', value: [2n ** 40n] },
    }, features);
    assert.deepEqual([data.image.dtype, data.image.shape], ['bytes', []]);
    assert.deepEqual([data.label.dtype, data.label.shape, Array.from(data.label.data as Int32Array)], ['int32', [], [4]]);
    assert.deepEqual([data.box.dtype, data.box.shape], ['float32', [2, 4]]);
    // Beyond int32: kept exact as int64.
    assert.deepEqual([data['meta/id'].dtype, data['meta/id'].shape], ['int64', []]);
    assert.throws(() => exampleToData({ label: feature.int64(1, 2) }, features), /feature 'label' has 2 values but features.json declares shape \[\]/);
  });
});
