import assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultRecordDir, gcsUrl, objectName, parseGcsUrl, recordDirFor, tfjsGcsProblem } from './gcsUrl';

describe('launch/gcs/gcsUrl (gs:// workdirs: bucket, objects, the local record folder)', () => {
  it('splits a URL into bucket and prefix and names the workdir\'s objects', () => {
    const at = parseGcsUrl('gs://my-bucket/runs/s16/');
    assert.deepEqual(at, { bucket: 'my-bucket', prefix: 'runs/s16' });
    assert.equal(objectName(at, 'big_vision_metrics.txt'), 'runs/s16/big_vision_metrics.txt');
    assert.equal(gcsUrl(at), 'gs://my-bucket/runs/s16');
    assert.equal(objectName(parseGcsUrl('gs://my-bucket'), 'config.json'), 'config.json');
    assert.throws(() => parseGcsUrl('gs:///runs/x'), /^Error: --workdir gs:\/\/\/runs\/x: expected gs:\/\/BUCKET\/PATH with a bucket name/);
  });

  it('keeps the record in --record-dir, else in runs/<last segment of the URL>', () => {
    assert.equal(recordDirFor('gs://bkt/a/b/s16', undefined, '/home/u/proj'), path.resolve('/home/u/proj/runs/s16'));
    assert.equal(recordDirFor('gs://bkt/s16', 'here/r', '/home/u/proj'), path.resolve('/home/u/proj/here/r'));
    assert.equal(defaultRecordDir('gs://bkt', '/r'), path.join('/r', 'bkt'));
    assert.throws(() => recordDirFor('gs://bkt/s16', 'gs://bkt/rec', '/p'), /--record-dir gs:\/\/bkt\/rec: the run record is kept on this machine; pass a local folder/);
  });

  it('refuses the bundled engine on a gs:// workdir, naming --workdir and both ways out', () => {
    assert.equal(tfjsGcsProblem('tfjs', '/w/runs/x'), undefined);
    assert.equal(tfjsGcsProblem('big_vision', 'gs://bkt/x'), undefined);
    assert.equal(tfjsGcsProblem('tfjs', 'gs://bkt/x'), "--workdir gs://bkt/x: the tfjs engine writes to worker 0's disk and cannot write to gs://; pass a local folder as --workdir (the run is mirrored into it), or use --engine big_vision");
  });
});
