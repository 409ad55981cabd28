// The host's side of the contract, with a fake webview: it waits for `ready`, then sends every section once,
// then only what changed (appends as appends), re-cuts on options and zoom, and upgrades a preview to exact
// data once the UI has drawn it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, type PanelData, type ToWebview } from '../contract';
import { MetricsHost, type HostDeps } from './metricsHost';
import { syntheticLines } from './syntheticRun';

class FakeWebview {
  messages: ToWebview[] = [];
  notes: string[] = [];
  private noteWaiters: ((note: string) => void)[] = [];
  colors: Record<string, number> = {};
  private waiters: { test: (m: ToWebview) => boolean; resolve: (m: ToWebview) => void }[] = [];
  savePath: string | undefined;

  deps(extra: Partial<HostDeps> = {}): HostDeps {
    return {
      post: (msg) => {
        // Through JSON, as the benchmark's bridge and VS Code's serialization see it.
        const copy = JSON.parse(JSON.stringify(msg)) as ToWebview;
        this.messages.push(copy);
        this.waiters = this.waiters.filter((w) => !(w.test(copy) && (w.resolve(copy), true)));
      },
      askSavePath: async () => this.savePath,
      notify: (kind, message) => {
        this.notes.push(`${kind}: ${message}`);
        for (const w of this.noteWaiters.splice(0)) w(`${kind}: ${message}`);
      },
      colors: { load: () => this.colors, save: (c) => (this.colors = c) },
      watch: () => ({ dispose() {} }),
      ...extra,
    };
  }

  /** Resolves with the first message (already posted or to come) that passes `test`. */
  next(test: (m: ToWebview) => boolean): Promise<ToWebview> {
    const seen = this.messages.find(test);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Resolves with the next notification shown to the user. */
  nextNote(): Promise<string> {
    return new Promise((resolve) => this.noteWaiters.push(resolve));
  }

  take(): ToWebview[] {
    const out = this.messages;
    this.messages = [];
    return out;
  }
}

function runDir(name: string, lines: string, config: unknown): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bv-host-')), name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'big_vision_metrics.txt'), lines);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

const sections = (m: ToWebview) => (m.type === 'setData' ? Object.keys(m.data).sort() : ['append']);
const data = (m: ToWebview | undefined): Partial<PanelData> => (m?.type === 'setData' ? m.data : {});

describe('metrics panel: host contract', () => {
  let host: MetricsHost | undefined;
  afterEach(() => host?.dispose());

  it('waits for ready, sends every section once, then only what changed', async () => {
    const a = runDir('a', syntheticLines(1, 1000, { evalEvery: 500 }), { lr: 0.001, model: { variant: 'S/16' } });
    const b = runDir('b', syntheticLines(1, 400, { evalEvery: 500 }), { lr: 0.003, model: { variant: 'S/16' } });
    const ui = new FakeWebview();
    host = new MetricsHost([{ workdir: a, label: 'a' }, { workdir: b, label: 'b', startedMs: 1_700_000_000_000 }], ui.deps());
    await host.whenOpen;
    host.poll();
    assert.equal(ui.messages.length, 0, 'nothing before ready');

    host.receive({ type: 'ready', options: DEFAULT_OPTIONS, window: null, width: 300 });
    const [first, ...rest] = ui.take();
    assert.equal(rest.length, 0);
    assert.deepEqual(sections(first), ['charts', 'compare', 'groups', 'runs', 'window', 'xMode']);
    const d = data(first);
    assert.deepEqual(d.runs?.map((r) => [r.label, r.phase, r.lines]), [['a', 'live', 1000], ['b', 'live', 400]]);
    assert.notEqual(d.runs?.[0].color, d.runs?.[1].color);
    assert.equal(d.runs?.[1].startSource, 'given');
    assert.deepEqual(d.compare?.rows, [{ key: 'lr', values: ['0.001', '0.003'] }]);
    assert.deepEqual(d.groups?.map((g) => g.id), ['training', 'val', 'z']);
    const loss = d.charts?.training_loss;
    assert.deepEqual(loss?.series.map((s) => [s.run, s.points, s.lastStep]), [[a, 1000, 1000], [b, 400, 400]]);
    // Two points a bucket, a bucket a pixel (cuts serve widths up to half as wide: resizes do not re-cut).
    assert.ok((loss?.series[0].x.length ?? 1000) <= 2 * 2 * 300 + 4, 'decimated to the chart width');
    assert.equal(loss?.series[1].x.length, 400, 'a short series whole');
    assert.equal(loss?.series[0].smoothed?.length, loss?.series[0].x.length);

    fs.appendFileSync(path.join(a, 'big_vision_metrics.txt'), syntheticLines(1001, 1002, { evalEvery: 500 }));
    host.poll();
    const appended = ui.take();
    assert.deepEqual(appended.map(sections), [['runs'], ['append']], 'the run line count, then the points');
    const add = appended[1].type === 'append' ? appended[1].series : [];
    const lossAdd = add.find((s) => s.metric === 'training_loss');
    assert.deepEqual([lossAdd?.run, lossAdd?.x, lossAdd?.points], [a, [1001, 1002], 1002]);
    assert.ok(add.every((s) => s.run === a));

    host.poll();
    assert.equal(ui.take().length, 0, 'nothing new, nothing sent');
    host.receive({ type: 'setOptions', options: { ...DEFAULT_OPTIONS, logY: true, ignoreOutliers: true } });
    assert.equal(ui.take().length, 0, 'log y and outliers are drawn by the UI alone');

    host.receive({ type: 'setOptions', options: { ...DEFAULT_OPTIONS, smoothing: 0.9 } });
    const smoothed = ui.take();
    assert.deepEqual(smoothed.map(sections), [['charts']]);
    assert.equal(Object.keys(data(smoothed[0]).charts ?? {}).length, d.groups?.flatMap((g) => g.metrics).length);

    host.receive({ type: 'viewRange', window: { min: 100, max: 200 } });
    const zoomed = data(ui.take()[0]);
    assert.deepEqual(zoomed.window, { min: 100, max: 200 });
    const xs = zoomed.charts?.training_loss.series[0].x ?? [];
    assert.deepEqual([xs[0], xs.at(-1), xs.length], [99, 201, 103], 'every point in the zoomed range, one neighbour each side');

    fs.writeFileSync(path.join(a, 'big_vision_metrics.txt'), syntheticLines(1, 5));
    host.poll();
    const restarted = data(ui.take()[0]);
    assert.equal(restarted.charts?.training_loss.series[0].points, 5, 'a rewritten file starts over');
    assert.deepEqual(restarted.groups?.map((g) => g.id), ['training', 'z'], 'the evals are gone with the old file');

    host.receive({ type: 'ready', options: DEFAULT_OPTIONS, window: null, width: 300 });
    assert.deepEqual(sections(ui.take()[0]), ['charts', 'compare', 'groups', 'runs', 'window', 'xMode'], 'a reloaded UI gets everything');
  });

  /** A host on a 20,000-line run, opened as a preview (its full read waits for the UI's `rendered`). */
  async function bigRun(): Promise<{ ui: FakeWebview; big: MetricsHost }> {
    const a = runDir('big', syntheticLines(1, 20000), { lr: 1 });
    const ui = new FakeWebview();
    const big = (host = new MetricsHost([{ workdir: a, label: 'big' }], ui.deps({ sources: { previewAbove: 100_000, preview: { tailBytes: 20_000, samples: 200 } }, fullReadFallbackMs: 60_000 })));
    await big.whenOpen;
    return { ui, big };
  }

  it('shows a big file as a preview, then exact data once the UI has drawn it', async function () {
    this.timeout(30000);
    const { ui, big } = await bigRun();
    big.receive({ type: 'ready', options: DEFAULT_OPTIONS, window: null, width: 400 });
    const first = ui.take()[0];
    const preview = data(first);
    assert.equal(preview.runs?.[0].phase, 'preview');
    assert.ok((preview.runs?.[0].totalLines ?? 0) > 15000);
    assert.equal(preview.compare, null, 'one run: nothing to compare');
    const sampled = preview.charts?.training_loss.series[0];
    assert.equal(sampled?.preview, true);
    assert.ok((sampled?.points ?? 0) < 400, `${sampled?.points} sampled points`);

    const live = ui.next((m) => data(m).runs?.[0].phase === 'live');
    big.receive({ type: 'rendered', version: first.version, drawn: 3, total: 3 });
    const exact = data(await live);
    assert.equal(exact.runs?.[0].lines, 20000);
    assert.deepEqual(exact.charts?.training_loss.series.map((s) => [s.points, s.preview]), [[20000, false]]);
  });

  it('cuts a preview to one point a pixel, exact data to min and max a pixel', async function () {
    this.timeout(30000);
    const { ui, big } = await bigRun();
    big.receive({ type: 'ready', options: { ...DEFAULT_OPTIONS, smoothing: 0 }, window: null, width: 60 });
    const first = ui.take()[0];
    const sampled = data(first).charts?.training_loss.series[0];
    assert.ok(sampled?.preview && sampled.points > 120, `a preview of ${sampled?.points} sampled points`);
    assert.ok(sampled.x.length <= 60 + 4, `${sampled.x.length} preview points for 60 pixels`);
    const live = ui.next((m) => data(m).runs?.[0].phase === 'live');
    big.receive({ type: 'rendered', version: first.version, drawn: 3, total: 3 });
    const exact = data(await live).charts?.training_loss.series[0];
    assert.ok(exact && exact.x.length > 60 + 4 && exact.x.length <= 2 * 60 + 4, `${exact?.x.length} exact points for 60 pixels`);
  });

  it('reads a file replaced by a big one as a newly opened one: a preview first, not all at once', async () => {
    const a = runDir('a', syntheticLines(1, 10), { lr: 1 });
    const ui = new FakeWebview();
    host = new MetricsHost([{ workdir: a, label: 'a' }], ui.deps({ sources: { previewAbove: 100_000, preview: { tailBytes: 20_000, samples: 200 } }, fullReadFallbackMs: 60_000 }));
    await host.whenOpen;
    host.receive({ type: 'ready', options: DEFAULT_OPTIONS, window: null, width: 400 });
    assert.equal(data(ui.take()[0]).runs?.[0].phase, 'live');
    const file = path.join(a, 'big_vision_metrics.txt');
    fs.writeFileSync(`${file}.new`, syntheticLines(1, 20000));
    fs.renameSync(`${file}.new`, file);
    const preview = ui.next((m) => data(m).runs?.[0].phase === 'preview');
    host.poll();
    const d = data(await preview);
    assert.ok((d.runs?.[0].totalLines ?? 0) > 15000);
    assert.equal(d.charts?.training_loss.series[0].preview, true);
  });

  it('exports the charted points as CSV where the user says', async () => {
    const a = runDir('a', syntheticLines(1, 30), { lr: 1 });
    const ui = new FakeWebview();
    ui.savePath = path.join(path.dirname(a), 'out.csv');
    host = new MetricsHost([{ workdir: a, label: 'run, "a"' }], ui.deps());
    await host.whenOpen;
    host.receive({ type: 'ready', options: { ...DEFAULT_OPTIONS, smoothing: 0 }, window: { min: 10, max: 12 }, width: 300 });
    const note = ui.nextNote();
    host.receive({ type: 'exportCsv' });
    assert.match(await note, /^info: Saved \d+ points to .*out\.csv\.$/);
    const rows = fs.readFileSync(ui.savePath, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'run,metric,step,value');
    const loss = rows.filter((l) => l.startsWith('"run, ""a""",training_loss,'));
    // The zoomed range (10 to 12) and one neighbour each side, at full resolution.
    assert.deepEqual(loss.map((l) => l.split(',')[3]), ['9', '10', '11', '12', '13']);
    assert.match(ui.notes[0], new RegExp(`Saved ${rows.length - 1} points`));
  });
});
