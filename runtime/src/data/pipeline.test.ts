import * as assert from 'node:assert/strict';
import { makeToyDataset, tempDir } from '../../../test/fixtures/data/toyDataset';
import { int32, type HostData } from './hostTensor';
import { decodeImage } from './image';
import { inputPipeline, preprocessRaw, rawInputPipeline, type InputPipelineOptions, type PreprocessFn } from './pipeline';
import { openTfds, type TfdsDataset } from './tfds';

// Turns a toy example into its index (pixel value / 10) and the seed pp received.
const identify: PreprocessFn = async (d, seed) => {
  const img = await decodeImage((d.image.data as Uint8Array[])[0], 1);
  return { id: int32([], Int32Array.of(img.data[0] / 10)), seed: int32([], Int32Array.of(seed | 0)) };
};

async function take(options: Omit<InputPipelineOptions, 'preprocess'>, batches: number): Promise<{ ids: number[][]; seeds: number[][]; position: number }> {
  const p = inputPipeline({ preprocess: identify, ...options });
  const ids: number[][] = [];
  const seeds: number[][] = [];
  for (let i = 0; i < batches; i++) {
    const r = await p.next();
    if (r.done) break;
    ids.push(Array.from(r.value.id.data as Int32Array));
    seeds.push(Array.from(r.value.seed.data as Int32Array));
  }
  const position = p.position();
  await p.return();
  return { ids, seeds, position };
}

describe('input pipeline', () => {
  let tmp: ReturnType<typeof tempDir>;
  let source: TfdsDataset;
  before(async () => {
    tmp = tempDir();
    await makeToyDataset(tmp.dir, { train: 10, trainShards: 3 });
    source = openTfds({ name: 'toy_digits', split: 'train', dataDir: tmp.dir });
  });
  after(() => tmp.cleanup());

  it('is deterministic from the seed, and the seed matters', async () => {
    const opts = { source, batchSize: 3, shuffleBufferSize: 4, seed: 7 };
    const a = await take(opts, 8);
    const b = await take(opts, 8);
    assert.deepEqual(a, b);
    const c = await take({ ...opts, seed: 8 }, 8);
    assert.notDeepEqual(a.ids, c.ids);
  });

  it('visits every example once per epoch worth of examples, shuffled', async () => {
    const { ids } = await take({ source, batchSize: 5, shuffleBufferSize: 10, seed: 1 }, 4);
    const flat = ids.flat();
    assert.deepEqual([...flat.slice(0, 10)].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...flat.slice(10)].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.notDeepEqual(flat.slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('resumes by position: restarting with skipExamples yields the same following batches', async () => {
    const opts = { source, batchSize: 3, shuffleBufferSize: 4, seed: 3, cacheRaw: true };
    const full = await take(opts, 12);
    for (const k of [1, 2, 5, 7]) {
      const first = await take(opts, k);
      assert.equal(first.position, 3 * k);
      const rest = await take({ ...opts, skipExamples: first.position }, 12 - k);
      assert.deepEqual(rest.ids, full.ids.slice(k), `resume after ${k} batches`);
      // Per-example pp randomness continues identically too.
      assert.deepEqual(rest.seeds, full.seeds.slice(k));
      assert.equal(rest.position, 36);
    }
  });

  it('reads in order without shuffling, and handles the last partial batch', async () => {
    const finite = { source, batchSize: 4, repeat: false };
    assert.deepEqual((await take(finite, 9)).ids, [[0, 1, 2, 3], [4, 5, 6, 7]]);
    const kept = await take({ ...finite, remainder: 'keep' }, 9);
    assert.deepEqual(kept.ids, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    assert.equal(kept.position, 10);
    const p = inputPipeline({ ...finite, remainder: 'pad', preprocess: identify });
    const batches: HostData[] = [];
    for await (const b of p) batches.push(b);
    assert.equal(batches.length, 3);
    assert.deepEqual(Array.from(batches[2].id.data as Int32Array), [8, 9, 0, 0]);
    assert.deepEqual(Array.from(batches[2]._mask.data as Uint8Array), [1, 1, 0, 0]);
    assert.deepEqual(batches[2]._mask.shape, [4]);
    assert.deepEqual((await take({ ...finite, skipExamples: 6, remainder: 'keep' }, 9)).ids, [[6, 7, 8, 9]]);
  });

  it('repeats across epochs in order when not shuffling', async () => {
    const { ids } = await take({ source, batchSize: 4, prefetch: 0 }, 3);
    assert.deepEqual(ids, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1]]);
  });

  it('prepares batches ahead of the consumer', async () => {
    let calls = 0;
    let reached!: () => void;
    const ahead = new Promise<void>((resolve) => (reached = resolve));
    const p = inputPipeline({
      source,
      batchSize: 2,
      prefetch: 2,
      preprocess: (d) => {
        // One consumed batch plus two prefetched ones.
        if (++calls === 6) reached();
        return d;
      },
    });
    await p.next();
    await ahead;
    assert.ok(calls >= 6);
    await p.return();
  });

  it('surfaces a preprocessing error at its batch, naming the shard and offset', async () => {
    const p = inputPipeline({
      source,
      batchSize: 2,
      repeat: false,
      preprocess: async (d, seed) => {
        const out = await identify(d, seed);
        if ((out.id.data as Int32Array)[0] === 5) throw new Error('bad pixel');
        return out;
      },
    });
    assert.equal((await p.next()).done, false);
    assert.equal((await p.next()).done, false);
    await assert.rejects(p.next(), /Preprocessing the example at .*toy_digits-train\.tfrecord-00001-of-00003 byte offset \d+: bad pixel/);
    assert.equal(p.position(), 4);
    await p.return();
  });

  it('hands out the same batches unpreprocessed: any split of their rows, preprocessed, gives the batch', async () => {
    const opts = { source, batchSize: 4, shuffleBufferSize: 4, seed: 5, skipExamples: 3 };
    const want = await take(opts, 5);
    const raw = rawInputPipeline(opts);
    for (let b = 0; b < 5; b++) {
      const r = await raw.next();
      assert.equal(r.done, false);
      const batch = r.value;
      // Preprocessed in two parts (as two data-parallel workers would), rows in order.
      const parts = [await preprocessRaw(batch.rows(0, 1), identify), await preprocessRaw(batch.rows(1, 4), identify)];
      assert.deepEqual(parts.flatMap((x) => Array.from(x.id.data as Int32Array)), want.ids[b]);
      assert.deepEqual(parts.flatMap((x) => Array.from(x.seed.data as Int32Array)), want.seeds[b]);
      assert.match(batch.where[0], /toy_digits-train\.tfrecord-0000\d-of-00003 byte offset \d+/);
    }
    assert.equal(raw.position(), want.position);
    await raw.return();
  });
});
