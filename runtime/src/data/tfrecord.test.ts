import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../../../test/fixtures/data/toyDataset';
import { maskedCrc32c } from './crc32c';
import { CorruptRecordError, frameTfRecord, readTfRecords, TfRecordWriter } from './tfrecord';

async function readAll(file: string, options = {}): Promise<{ text: string; offset: number }[]> {
  const out: { text: string; offset: number }[] = [];
  for await (const r of readTfRecords(file, options)) out.push({ text: Buffer.from(r.data).toString(), offset: r.offset });
  return out;
}

describe('TFRecord files', () => {
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  const payloads = ['first', '', 'a somewhat longer third record', 'x'.repeat(5000), 'last'];
  beforeEach(async () => {
    tmp = tempDir();
    file = path.join(tmp.dir, 'ds-train.tfrecord-00000-of-00001');
    const w = await TfRecordWriter.open(file);
    for (const p of payloads) await w.write(Buffer.from(p));
    await w.close();
  });
  afterEach(() => tmp.cleanup());

  it('frames a record as length, masked CRC of the length, data, masked CRC of the data', () => {
    const frame = frameTfRecord(Buffer.from('abc'));
    assert.equal(frame.length, 8 + 4 + 3 + 4);
    assert.equal(frame.readUInt32LE(0), 3);
    assert.equal(frame.readUInt32LE(4), 0);
    assert.equal(frame.readUInt32LE(8), maskedCrc32c(frame, 0, 8));
    assert.equal(frame.subarray(12, 15).toString(), 'abc');
    assert.equal(frame.readUInt32LE(15), maskedCrc32c(Buffer.from('abc')));
  });

  it('reads back every record with its frame offset, across small read chunks', async () => {
    for (const chunkSize of [7, 64, 1 << 20]) {
      const got = await readAll(file, { chunkSize });
      assert.deepEqual(got.map((r) => r.text), payloads);
      let offset = 0;
      got.forEach((r, i) => {
        assert.equal(r.offset, offset);
        offset += 16 + Buffer.byteLength(payloads[i]);
      });
    }
  });

  it('skips and takes records', async () => {
    assert.deepEqual((await readAll(file, { skip: 2, take: 2 })).map((r) => r.text), payloads.slice(2, 4));
    assert.deepEqual((await readAll(file, { skip: 4 })).map((r) => r.text), ['last']);
    assert.deepEqual(await readAll(file, { skip: 9 }), []);
    assert.deepEqual(await readAll(file, { take: 0 }), []);
  });

  it('names the shard and byte offset of a record whose data checksum fails', async () => {
    const bytes = fs.readFileSync(file);
    const third = 16 + 5 + 16 + 0; // frames of 'first' and '' come before it
    bytes[third + 12 + 3] ^= 0x01; // flip one data bit
    fs.writeFileSync(file, bytes);
    await assert.rejects(readAll(file), (err: unknown) => {
      assert.ok(err instanceof CorruptRecordError);
      assert.equal(err.file, file);
      assert.equal(err.offset, third);
      assert.match(err.message, new RegExp(`${path.basename(file)}: corrupt TFRecord at byte offset ${third}: data checksum mismatch`));
      return true;
    });
    // Records before the damage are still delivered.
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const r of readTfRecords(file)) seen.push(Buffer.from(r.data).toString());
    });
    assert.deepEqual(seen, ['first', '']);
  });

  it('detects a damaged length field, even when skipping the record', async () => {
    const bytes = fs.readFileSync(file);
    bytes[21] ^= 0x04; // length of the second record (frame at 21)
    fs.writeFileSync(file, bytes);
    await assert.rejects(readAll(file, { skip: 3 }), /byte offset 21: length checksum mismatch/);
  });

  it('reports a truncated file at the offset of the cut record', async () => {
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 3));
    const lastFrame = bytes.length - (16 + 4);
    await assert.rejects(readAll(file), new RegExp(`byte offset ${lastFrame}: record of 4 bytes runs past the end`));
    fs.writeFileSync(file, bytes.subarray(0, 5));
    await assert.rejects(readAll(file), /byte offset 0: truncated header/);
  });
});
