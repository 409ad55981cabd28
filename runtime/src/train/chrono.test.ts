import assert from 'node:assert/strict';
import { Chrono } from './chrono';
import { createProgress, formatEta, formatProgress } from './progress';

describe('train/chrono', () => {
  it('ticks like upstream: progress metrics always, speed only after two warm-up ticks, pauses excluded', () => {
    let now = 100;
    const seen: Array<[string, number]> = [];
    const c = new Chrono((n, v) => seen.push([n, v]), () => undefined, () => now);
    c.inform({ firstStep: 0, totalSteps: 10, globalBs: 4, stepsPerEpoch: 5 });
    now = 101;
    c.tick(1);
    assert.deepEqual(seen.map(([n]) => n), ['uptime', 'examples_seen', 'progress', 'epoch']);
    now = 102;
    c.tick(2);
    assert.equal(c.warmup, 0);
    now = 103;
    c.pause();
    now = 105; // two seconds of eval
    c.resume();
    now = 106;
    seen.length = 0;
    c.tick(4);
    const m = new Map(seen);
    assert.equal(m.get('examples_seen'), 16);
    assert.equal(m.get('epoch'), 0.8);
    assert.equal(m.get('img/sec/core'), (4 * 2) / 2, '2 steps of 4 images in 4 s minus 2 s of pause');
    assert.deepEqual(c.save(), { accum_program_time: 2 + 4, accum_train_time: 2, accum_pause_time: 2, accum_examples_seen: 16 });
    c.tick(4);
    assert.equal(seen.length, m.size, 'a second tick at the same step is ignored');
  });

  it('restores accumulators and counts examples from the resumed step', () => {
    const seen = new Map<string, number>();
    const c = new Chrono((n, v) => seen.set(n, v), () => undefined, () => 0);
    c.load({ accum_examples_seen: 40, accum_train_time: 3 });
    c.inform({ firstStep: 10, totalSteps: 20, globalBs: 4 });
    c.tick(11);
    assert.equal(seen.get('examples_seen'), 44);
    assert.throws(() => c.resume(), /without pause/);
  });
});

describe('train/progress', () => {
  it('formats the bar and ETAs', () => {
    assert.equal(formatEta(3725), '1h02m');
    assert.equal(formatEta(65), '1m05s');
    assert.equal(formatEta(NaN), '?');
    assert.equal(formatProgress({ step: 150, total: 300, imgPerSec: 412.34, loss: 0.23119, etaSeconds: 62, logged: true }, 10), '[#####.....] 150/300  412.3 img/s  loss 0.2312  ETA 1m02s');
  });

  it('prints plain lines without a TTY and redraws one line with a TTY', () => {
    let out = '';
    const plain = createProgress({ write: (s: string) => (out += s) }, { tty: false });
    plain.update({ step: 1, total: 2, imgPerSec: NaN, loss: 1, etaSeconds: NaN, logged: false });
    plain.update({ step: 2, total: 2, imgPerSec: 10, loss: 1, etaSeconds: 0, logged: true });
    plain.note('a\nb');
    assert.equal(out, 'step 2/2  10.0 img/s  loss 1.0000  ETA 0s\nNOTE: a | b\n');
    out = '';
    const tty = createProgress({ write: (s: string) => (out += s), isTTY: true });
    tty.update({ step: 2, total: 2, imgPerSec: 10, loss: 1, etaSeconds: 0, logged: true });
    tty.note('x');
    assert.ok(out.startsWith('\r\x1b[2K[') && out.endsWith('\r\x1b[2KNOTE: x\n'), JSON.stringify(out));
  });
});
