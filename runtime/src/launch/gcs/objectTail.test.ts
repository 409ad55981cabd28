import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeGcs, replaceObject } from '../../../../test/fake-gcs/fakeGcs';
import { MetricsCopy } from './metricsCopy';
import { gcsObjectStore, type ObjectStore } from './objectStore';
import { ObjectTail } from './objectTail';
import { GcsWorkdirTail, lastCheckpointStep } from './workdirTail';

const line = (step: number, extra = '') => `{"step": ${step}, "training_loss": ${1 / step}${extra}}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => line(from + i)).join('');
const steps = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { step: number }).step);

describe('gs:// workdir tail (fake GCS JSON API, @google-cloud/storage)', () => {
  let fake: FakeGcs;
  let dir: string;
  let store: ObjectStore;
  let n = 0;
  let object: string;
  let file: string;
  let local: string;
  let tail: ObjectTail;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-gcs-tail-'));
    fake = await FakeGcs.start(path.join(dir, 'bucket-root'));
    store = await gcsObjectStore({ ...fake.env() });
  });
  after(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    object = `runs/r${++n}/big_vision_metrics.txt`;
    file = fake.file('bkt', object);
    local = path.join(dir, `copy${n}.txt`);
    tail = new ObjectTail(store, 'bkt', object, new MetricsCopy(local));
  });
  const media = () => fake.requests.filter((r) => r.media && r.object === object);

  it('waits for a missing object without errors, then copies it', async () => {
    assert.equal(await tail.poll(), false);
    assert.equal(fs.existsSync(local), false);
    replaceObject(file, lines(1, 3));
    assert.equal(await tail.poll(), true);
    assert.deepEqual(steps(local), [1, 2, 3]);
  });

  it('reads a replaced object that extends the old one from where the copy ends (a ranged read of that generation)', async () => {
    replaceObject(file, lines(1, 3));
    await tail.poll();
    const held = tail.bytes;
    replaceObject(file, lines(1, 5));
    assert.equal(await tail.poll(), true);
    assert.deepEqual(steps(local), [1, 2, 3, 4, 5]);
    const last = media().at(-1);
    assert.ok(last?.range && last.generation, 'a ranged read pinned to a generation');
    const start = Number(/^bytes=(\d+)-/.exec(last.range)?.[1]);
    assert.ok(start > 0 && start <= held, `read from byte ${start}, the copy held ${held}`);
    assert.equal(tail.rereads, 0);
    assert.equal(await tail.poll(), false, 'the same generation again: nothing to read');
  });

  it('re-reads a shrunken object whole, and one that no longer begins with what was read', async () => {
    replaceObject(file, lines(1, 6));
    await tail.poll();
    replaceObject(file, lines(1, 2));
    assert.equal(await tail.poll(), true);
    assert.deepEqual(steps(local), [1, 2]);
    assert.equal(tail.rereads, 1);
    // Longer than before, but its first line differs: not an extension.
    replaceObject(file, line(1, ', "x": 1') + lines(2, 4));
    assert.equal(await tail.poll(), true);
    assert.equal(tail.rereads, 2);
    assert.deepEqual(steps(local), [1, 2, 3, 4]);
    assert.match(fs.readFileSync(local, 'utf8'), /"x": 1/);
  });

  it('holds a torn last line back until a later generation completes it', async () => {
    const full = line(3);
    replaceObject(file, lines(1, 2) + full.slice(0, 10));
    await tail.poll();
    assert.deepEqual(steps(local), [1, 2]);
    assert.ok(fs.readFileSync(local, 'utf8').endsWith('\n'));
    replaceObject(file, lines(1, 2) + full.slice(0, 20));
    assert.equal(await tail.poll(), false);
    assert.deepEqual(steps(local), [1, 2]);
    replaceObject(file, lines(1, 4));
    assert.equal(await tail.poll(), true);
    assert.deepEqual(steps(local), [1, 2, 3, 4]);
    assert.equal(fs.readFileSync(local, 'utf8'), lines(1, 4));
    assert.equal(tail.rereads, 0);
  });

  it('keeps the copy one line per step when a restart trains steps again (the bucket has them twice)', async () => {
    replaceObject(file, lines(1, 7));
    await tail.poll();
    // Resumed from the checkpoint of step 5: steps 6 and 7 are trained and appended again, then more.
    replaceObject(file, lines(1, 7) + lines(6, 9));
    await tail.poll();
    assert.deepEqual(steps(local), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The same bucket file read whole (a new launcher on the record folder) gives the same copy.
    const fresh = new ObjectTail(store, 'bkt', object, new MetricsCopy(local));
    await fresh.poll();
    assert.deepEqual(steps(local), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps config.json and the metrics of a workdir, catching up when stopped; reads the last checkpoint step', async () => {
    const at = { bucket: 'bkt', prefix: `runs/w${n}` };
    const localDir = path.join(dir, `record${n}`);
    fs.mkdirSync(localDir);
    const said: string[] = [];
    const wd = new GcsWorkdirTail(store, at, localDir, (l) => said.push(l), 60_000);
    replaceObject(fake.file('bkt', `${at.prefix}/config.json`), '{"total_steps": 9}');
    replaceObject(fake.file('bkt', `${at.prefix}/big_vision_metrics.txt`), lines(1, 2));
    wd.start();
    replaceObject(fake.file('bkt', `${at.prefix}/big_vision_metrics.txt`), lines(1, 9));
    replaceObject(fake.file('bkt', `${at.prefix}/checkpoint.bv-LAST`), '000000009');
    await wd.stop(true);
    assert.deepEqual(steps(path.join(localDir, 'big_vision_metrics.txt')), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(fs.readFileSync(path.join(localDir, 'config.json'), 'utf8'), '{"total_steps": 9}');
    assert.equal(await lastCheckpointStep(store, at), 9);
    assert.equal(await lastCheckpointStep(store, { bucket: 'bkt', prefix: 'nothing/here' }), undefined);
    assert.deepEqual(said, []);
  });

  it('says once that the bucket cannot be read (a refused token), and goes on', async () => {
    const refused = await gcsObjectStore({ ...fake.env(), BV_TPU_ACCESS_TOKEN: 'wrong' });
    const said: string[] = [];
    const wd = new GcsWorkdirTail(refused, { bucket: 'bkt', prefix: 'x' }, dir, (l) => said.push(l), 60_000);
    await wd.pollOnce();
    await wd.pollOnce();
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0], /^cannot read gs:\/\/bkt\/x \(.*\); trying again every 60 s$/);
  });
});
