import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CollectSink, LastValuesSink, MetricsTail, scanMetricsLine } from './metricsTail';

function tmpFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bv-tail-')), 'big_vision_metrics.txt');
}

function steps(sink: CollectSink): number[] {
  return sink.points.map((p) => p.step);
}

describe('runs/metricsTail', () => {
  it('reads appends as they come, taking a torn last line only once its newline is written', () => {
    const file = tmpFile();
    const tail = new MetricsTail(file);
    const sink = new CollectSink();
    assert.equal(tail.read(sink), false, 'a missing file is an empty update, not a reset');
    assert.equal(sink.points.length, 0);
    fs.writeFileSync(file, '{"step": 1, "training_loss": 2.5}\n{"step": 2, "train');
    tail.read(sink);
    assert.deepEqual(steps(sink), [1]);
    fs.appendFileSync(file, 'ing_loss": 2.0}\n');
    tail.read(sink);
    assert.deepEqual(steps(sink), [1, 2]);
    assert.equal(sink.points[1].scalars.get('training_loss'), 2.0);
    tail.read(sink);
    assert.deepEqual(steps(sink), [1, 2], 'nothing new, nothing read twice');
    assert.equal(tail.lines, 2);
  });

  it('keeps NaN and Infinity, skips shapes and strings, and reports garbage lines by number', () => {
    const file = tmpFile();
    fs.writeFileSync(
      file,
      [
        '{"step": 1, "training_loss": NaN, "l2_grads": Infinity, "x": -Infinity, "val/shape": [3, 4], "note": "NaN here"}',
        'Traceback (most recent call last):',
        '{"step": 2.5, "a": 1.0}',
        '',
        '{"step": 3, "a": 1e-05, "b": true}',
        '{"no_step": 1}',
        '',
      ].join('\n'),
    );
    const sink = new CollectSink();
    new MetricsTail(file).read(sink);
    assert.deepEqual(steps(sink), [1, 3]);
    const first = sink.points[0].scalars;
    assert.ok(Number.isNaN(first.get('training_loss')));
    assert.equal(first.get('l2_grads'), Infinity);
    assert.equal(first.get('x'), -Infinity);
    assert.equal(first.has('val/shape'), false);
    assert.equal(first.has('note'), false);
    assert.deepEqual([...sink.points[1].scalars], [['a', 1e-5]]);
    assert.deepEqual(sink.problems.map((p) => p.line), [2, 3, 6]);
    assert.match(sink.problems[0].message, /Traceback/);
  });

  it('starts over when the file is truncated or replaced', () => {
    const file = tmpFile();
    fs.writeFileSync(file, '{"step": 1, "a": 1.0}\n{"step": 2, "a": 2.0}\n');
    const tail = new MetricsTail(file);
    const sink = new CollectSink();
    tail.read(sink);
    fs.writeFileSync(file, '{"step": 1, "a": 5.0}\n');
    const fresh = new CollectSink();
    assert.equal(tail.read(fresh), true);
    assert.deepEqual(fresh.points.map((p) => p.scalars.get('a')), [5.0]);
    // Replaced by another file that happens to be longer: a new inode, so read from its start.
    const other = `${file}.new`;
    fs.writeFileSync(other, '{"step": 7, "a": 7.0}\n{"step": 8, "a": 8.0}\n{"step": 9, "a": 9.0}\n');
    fs.renameSync(other, file);
    const replaced = new CollectSink();
    assert.equal(tail.read(replaced), true);
    assert.deepEqual(steps(replaced), [7, 8, 9]);
    // A sink with `reset` is told before the new content comes, so one sink can follow the file throughout.
    const events: string[] = [];
    const follower = new (class extends CollectSink {
      reset(): void {
        events.push(`reset after ${this.points.length}`);
        this.clear();
      }
    })();
    const tail2 = new MetricsTail(file);
    tail2.read(follower);
    fs.writeFileSync(file, '{"step": 1, "a": 6.0}\n');
    assert.equal(tail2.read(follower), true);
    assert.deepEqual(events, ['reset after 3']);
    assert.deepEqual(steps(follower), [1]);
    fs.rmSync(file);
    assert.equal(tail.read(new CollectSink()), true, 'a removed file resets the tail');
    assert.equal(tail2.read(follower), true);
    assert.deepEqual(steps(follower), [], 'a removed file resets the sink');
  });

  it('keeps the last value of every metric for summaries', () => {
    const file = tmpFile();
    fs.writeFileSync(file, '{"step": 0, "val/prec@1": 0.1}\n{"step": 10, "training_loss": 1.0}\n{"step": 20, "training_loss": 0.5}\n');
    const sink = new LastValuesSink();
    new MetricsTail(file).read(sink);
    assert.equal(sink.step, 20);
    assert.deepEqual(Object.fromEntries(sink.last), { 'val/prec@1': 0.1, training_loss: 0.5 });
  });

  it('says what is wrong with a bad line and leaves the sink untouched by a bad line', () => {
    const sink = new CollectSink();
    assert.throws(() => scanMetricsLine('{"step": 1, "a": }', sink), /not JSON \(Unexpected token/);
    assert.throws(() => scanMetricsLine('[1, 2]', sink), /not a JSON object/);
    assert.equal(sink.points.length, 0);
    assert.equal(scanMetricsLine('   ', sink), false);
  });

  it('reads in bounded slices that split characters and lines, and hands its position to another tail', () => {
    const file = tmpFile();
    const lines = ['{"step": 1, "a": 1.0, "note": "é ✓"}', '{"step": 2, "a": 2.0}', '{"step": 3, "a": 3.0}'];
    fs.writeFileSync(file, `${lines.join('\n')}\n{"step": 4, "a"`);
    const tail = new MetricsTail(file);
    const sink = new CollectSink();
    let calls = 0;
    do {
      tail.read(sink, 3);
      calls++;
    } while (tail.behind > 0);
    assert.ok(calls > 30, `${calls} reads of at most 3 bytes`);
    assert.deepEqual(steps(sink), [1, 2, 3]);
    assert.equal(sink.problems.length, 0, 'characters split between reads decode whole');
    // The position is the start of the torn line: a tail resumed from it reads that line once it is whole.
    const resumed = new MetricsTail(file, tail.position());
    assert.equal(tail.position().offset, Buffer.byteLength(`${lines.join('\n')}\n`));
    fs.appendFileSync(file, ': 4.0}\n{"step": 5, "a": 5.0}\n');
    const rest = new CollectSink();
    assert.equal(resumed.read(rest), false);
    assert.deepEqual(steps(rest), [4, 5]);
    assert.equal(resumed.lines, 5, 'line numbers go on from the first tail');
  });

  it('names an unreadable file', function () {
    if (process.getuid?.() === 0) this.skip(); // root reads anything
    const file = tmpFile();
    fs.writeFileSync(file, '{"step": 1}\n');
    fs.chmodSync(file, 0);
    assert.throws(() => new MetricsTail(file).read(new CollectSink()), new RegExp(`cannot read ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
