import assert from 'node:assert/strict';
import { groupMetrics } from './groups';
import { assignColors, colorOf, PALETTE } from './colors';
import { Series } from './seriesStore';
import { TimeAxis } from './timeAxis';

function series(points: [number, number][]): Series {
  const s = new Series();
  for (const [step, v] of points) s.add(step, v);
  return s;
}

describe('metrics panel: time axes, groups and colours', () => {
  it('interpolates uptime between log steps and extrapolates beyond them', () => {
    const axis = new TimeAxis(series([[100, 50], [200, 60], [300, 80]]), 1_700_000_000_000);
    const steps = [0, 100, 150, 250, 300, 400];
    const rel = [...axis.map('relative', steps, 0, steps.length, new Float64Array(6))];
    // Before the first point: the first segment's rate (10 s per 100 steps) back to step 0 gives 40 s.
    assert.deepEqual(rel, [40, 50, 55, 70, 80, 100]);
    assert.equal(axis.at('wall', 150), 1_700_000_000 + 55, 'wall time: the start plus uptime, in seconds');
    assert.equal(axis.at('step', 150), 150);
    assert.deepEqual([...axis.map('relative', steps, 3, 5, new Float64Array(2))], [70, 80], 'a slice (an append) maps alike');
  });

  it('never runs time backwards (a run whose uptime restarted) and says which axes a run has', () => {
    const axis = new TimeAxis(series([[10, 100], [20, 5], [30, 15]]), undefined);
    const xs = [...axis.map('relative', [10, 20, 30], 0, 3, new Float64Array(3))];
    assert.deepEqual(xs, [100, 100, 100]);
    assert.equal(axis.supports('wall'), false, 'no start: no wall time');
    assert.equal(new TimeAxis(undefined, 0).supports('relative'), false, 'no uptime: steps only');
    assert.equal(new TimeAxis(series([[50, 10]]), 0).at('relative', 100), 20, 'one point: the rate since step 0');
  });

  it('groups training metrics first, then eval prefixes in file order, timings last', () => {
    const groups = groupMetrics(['z/secs/update0', 'training_loss', 'val/prec@1', 'img/sec/core', 'test/loss', 'l2_grads', 'val/loss']);
    assert.deepEqual(
      groups.map((g) => [g.id, g.metrics]),
      [
        ['training', ['training_loss', 'img/sec/core', 'l2_grads']],
        ['val', ['val/prec@1', 'val/loss']],
        ['test', ['test/loss']],
        ['z', ['z/secs/update0']],
      ],
    );
  });

  it('keeps a run\'s colour when runs are added, and gives a new run the first free one', () => {
    const first = assignColors(['/a', '/b'], {});
    assert.deepEqual(first, { '/a': 0, '/b': 1 });
    const later = assignColors(['/c', '/b'], first);
    assert.equal(later['/b'], 1);
    assert.equal(later['/c'], 0, 'free while /a is not shown');
    const clash = assignColors(['/a', '/c'], later);
    assert.notEqual(clash['/a'], clash['/c'], 'two shown runs never share a colour');
    assert.equal(colorOf(3), PALETTE[3]);
    assert.match(colorOf(12), /^#[0-9a-f]{6}$/);
    assert.notEqual(colorOf(12), colorOf(2));
  });
});
