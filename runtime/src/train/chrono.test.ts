import assert from 'node:assert/strict';
import { Chrono } from './chrono';

describe('train/chrono', () => {
  it('ticks like upstream: progress metrics always, speed only after two warm-up ticks, pauses excluded', () => {
    let now = 100;
    const seen: Array<[string, number]> = [];
    const c = new Chrono((n, v) => seen.push([n, v]), () => now);
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
    const c = new Chrono((n, v) => seen.set(n, v), () => 0);
    c.load({ accum_examples_seen: 40, accum_train_time: 3 });
    c.inform({ firstStep: 10, totalSteps: 20, globalBs: 4 });
    c.tick(11);
    assert.equal(seen.get('examples_seen'), 44);
    assert.throws(() => c.resume(), /without pause/);
  });
});
