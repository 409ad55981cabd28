import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunsModel } from './runsModel';

/** Resolves at the model's next change notification (file events; no timers in the test). */
function nextChange(model: RunsModel, until: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (until()) return resolve();
    const off = model.onDidChange(() => {
      if (until()) {
        off();
        resolve();
      }
    });
  });
}

describe('runs/runsModel', function () {
  this.timeout(20000);
  let root: string;
  let model: RunsModel;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-model-'));
    model = new RunsModel({ debounceMs: 20 });
  });
  afterEach(() => {
    model.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds a runs folder made after it started, then a run in it, then follows its metrics', async () => {
    const runs = path.join(root, 'runs');
    model.setRoots([runs]);
    assert.deepEqual(model.runs(), []);
    fs.mkdirSync(runs);
    const workdir = path.join(runs, 'a');
    fs.mkdirSync(workdir);
    fs.writeFileSync(path.join(workdir, 'big_vision_metrics.txt'), '{"step": 1, "training_loss": 2.0}\n');
    await nextChange(model, () => model.get(workdir)?.step === 1);
    fs.appendFileSync(path.join(workdir, 'big_vision_metrics.txt'), '{"step": 2, "training_loss": 1.5}\n');
    await nextChange(model, () => model.get(workdir)?.step === 2);
    assert.equal(model.get(workdir)?.last.training_loss, 1.5);
  });

  it('follows a workdir removed and made again (bv train checks it can make it before making it for good)', async () => {
    const workdir = path.join(root, 'again');
    fs.mkdirSync(workdir);
    fs.writeFileSync(path.join(workdir, 'bv_run.json'), '{}');
    model.setRoots([root]);
    assert.ok(model.get(workdir));
    fs.rmSync(workdir, { recursive: true });
    await nextChange(model, () => !model.get(workdir));
    fs.mkdirSync(workdir);
    fs.writeFileSync(path.join(workdir, 'big_vision_metrics.txt'), '{"step": 1}\n');
    await nextChange(model, () => model.get(workdir)?.step === 1);
    fs.appendFileSync(path.join(workdir, 'big_vision_metrics.txt'), '{"step": 2}\n');
    await nextChange(model, () => model.get(workdir)?.step === 2);
  });

  it('keeps working past garbage metrics lines and unreadable runs, naming each', async () => {
    const workdir = path.join(root, 'garbage');
    fs.mkdirSync(workdir);
    fs.writeFileSync(path.join(workdir, 'big_vision_metrics.txt'), '{"step": 1, "a": 1.0}\nnot json at all\n{"step": 2, "a": 2.0}\n');
    fs.writeFileSync(path.join(workdir, 'bv_run.json'), '{ half a record');
    model.setRoots([root, path.join(root, 'missing-added-workdir')]);
    const s = model.get(workdir);
    assert.equal(s?.step, 2);
    assert.ok(s?.problems.some((p) => p.includes('big_vision_metrics.txt:2: ')), JSON.stringify(s?.problems));
    assert.ok(s?.problems.some((p) => p.includes('bv_run.json is not a run record')), JSON.stringify(s?.problems));
    assert.equal(s?.status, 'unknown');
    // A sweep folder added later with a run below it is found too.
    const sweepRun = path.join(root, 'sweep', 'lr=0.1');
    fs.mkdirSync(sweepRun, { recursive: true });
    fs.writeFileSync(path.join(sweepRun, 'big_vision_metrics.txt'), '{"step": 3}\n');
    await nextChange(model, () => model.get(sweepRun)?.step === 3);
    assert.deepEqual(model.runs().map((r) => path.relative(root, r.workdir)).sort(), ['garbage', 'sweep/lr=0.1']);
  });
});
