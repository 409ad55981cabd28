/**
 * What `bv train` prints to a log (not a TTY), read against what it writes to the metrics file: one progress line
 * per logged step (`step N/M ...`, the greppable format), no second progress format, eval results printed as they
 * are computed with the metrics file's values, and the same throughput figure as the file's `img/sec/core`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMetricsFile } from '../../runtime/src/metrics/contract';
import { bvProcess, finished, tinyConfigSource, writeTinyTfds } from './trainFixture';

describe('bv train: console output (integration)', function () {
  this.timeout(120_000);
  let dir: string;
  let stderr: string;
  let metrics: ReturnType<typeof parseMetricsFile>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-console-'));
    await writeTinyTfds(path.join(dir, 'data'), 32, 8);
    fs.writeFileSync(path.join(dir, 'tiny.py'), tinyConfigSource());
    const workdir = path.join(dir, 'run');
    const r = await finished(bvProcess(['train', '--config', `${path.join(dir, 'tiny.py')}:data_dir=${path.join(dir, 'data')},steps=8,eval=4,log=2`, '--workdir', workdir, '--backend', 'wasm']));
    assert.equal(r.code, 0, r.stderr);
    stderr = r.stderr;
    metrics = parseMetricsFile(fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8'));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints one progress line per logged step, in one format', () => {
    const steps = [...stderr.matchAll(/^step (\d+)\/8 /gm)].map((m) => Number(m[1]));
    const logged = metrics.filter((r) => r.training_loss !== undefined).map((r) => r.step);
    assert.deepEqual(steps, logged, stderr);
    assert.doesNotMatch(stderr, /Steps:\d+\/\d+/, 'no second progress format');
  });

  it('prints each eval result when it is computed, with the values of the metrics file', () => {
    const printed = [...stderr.matchAll(/^eval test at step (\d+)\/8: prec@1 ([\d.]+), loss ([\d.]+)/gm)].map((m) => [Number(m[1]), m[2], m[3]]);
    const written = metrics.filter((r) => r['test/prec@1'] !== undefined).map((r) => [r.step, (r['test/prec@1'] as number).toFixed(4), (r['test/loss'] as number).toFixed(4)]);
    // The initial evals (step 0) are printed but, as upstream's writer does, not written to the file.
    assert.deepEqual(printed.map(([s]) => s), [0, 4, 8], stderr);
    assert.deepEqual(printed.slice(1), written, stderr);
  });

  it('shows the img/sec/core of the metrics file as its throughput', () => {
    const shown = new Map([...stderr.matchAll(/^step (\d+)\/8 +([\d.]+) img\/s/gm)].map((m) => [Number(m[1]), m[2]]));
    const measured = metrics.filter((r) => r['img/sec/core'] !== undefined);
    assert.ok(measured.length >= 2, 'the run measured its speed');
    for (const r of measured) assert.equal(shown.get(r.step), (r['img/sec/core'] as number).toFixed(1), `step ${r.step}\n${stderr}`);
  });
});
