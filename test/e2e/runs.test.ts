// End to end in a real VS Code (`npm run test:e2e`): the run loop a user goes through. Open configs/mnist_vit.py,
// click Run on the code lens with a short step count, watch the run reach `finished` in the Runs view, open the
// metrics panel and read from the webview's DOM that its charts hold the run's points; start a second run, stop
// it, see it `interrupted`; compare the two (curves overlaid, config differences). Screenshots in
// test/e2e/artifacts/runs/.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { builtVsix, CodeServer, groupGone, ROOT } from './codeServer';
import { Workbench } from './workbench';

const ARTIFACTS = path.join(ROOT, 'test/e2e/artifacts/runs');
const FIXTURE = path.join(__dirname, 'fixtures/runs-workspace');
const CONFIG = 'mnist_vit.py';

/** Training lines of a finished run's metrics file (what the chart must hold). */
function trainingSteps(workdir: string): number[] {
  return fs
    .readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"training_loss"'))
    .map((l) => (JSON.parse(l) as { step: number }).step);
}

describe('Runs in VS Code (code-server)', function () {
  this.timeout(180_000);
  let server: CodeServer;
  let wb: Workbench;
  let dataDir: string;

  before(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-e2e-tfds-'));
    const prep = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'bv.js'), 'data', 'prepare', 'mnist', '--data-dir', dataDir], { encoding: 'utf8' });
    assert.equal(prep.status, 0, prep.stderr);
    server = await CodeServer.start({
      vsix: builtVsix(),
      fixture: FIXTURE,
      files: { [`configs/${CONFIG}`]: path.join(ROOT, 'configs', CONFIG) },
      settings: { 'bigVision.tfdsDataDir': dataDir },
    });
    wb = await Workbench.open(server.url, ARTIFACTS);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  after(async () => {
    await wb?.close();
    if (!server) return;
    const pgid = server.pgid;
    await server.stop();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'code-server.log'), server.log());
    if (fs.existsSync(server.logsDir())) fs.cpSync(server.logsDir(), path.join(ARTIFACTS, 'vscode-logs'), { recursive: true });
    // Runs are detached on purpose (they outlive the window): end any left before removing their folders.
    spawnSync('pkill', ['-KILL', '-f', server.workspace]);
    for (let i = 0; i < 50 && spawnSync('pgrep', ['-f', server.workspace]).status === 0; i++) await new Promise((r) => setTimeout(r, 100));
    server.cleanUp();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (pgid !== undefined) await groupGone(pgid);
  });

  /** The row of the Runs view whose text matches `text`. */
  const runRow = (text: RegExp | string): Locator => wb.page.locator('[id="workbench.view.extension.bigVision"] .monaco-list-row', { hasText: text }).first();

  /** Shows the Runs view (a click on its activity-bar item when it is hidden; a click when shown would hide it). */
  async function showRunsView(): Promise<void> {
    const view = wb.page.locator('[id="workbench.view.extension.bigVision"]');
    if (!(await view.isVisible())) await wb.page.locator('.activitybar .action-item a[aria-label^="Big Vision"]').click();
    await view.waitFor();
  }

  /** Selects the run row matching `text` (clicked until the view shows it selected: a click that lands while the
   * view redraws the row is lost, as it would be for a user). */
  async function selectRun(text: RegExp, modifiers: ('Control' | 'Shift')[] = []): Promise<void> {
    const row = runRow(text);
    for (let i = 0; i < 5 && (await row.getAttribute('aria-selected')) !== 'true'; i++) await row.click({ modifiers });
    assert.equal(await row.getAttribute('aria-selected'), 'true');
  }

  /** Answers the Run command's questions: arg, overrides, engine (the first pick: the bundled trainer). */
  async function answerRun(arg: string, overrides: string): Promise<void> {
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: /arg/ }).waitFor();
    await input.fill(arg);
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: /overrides/ }).waitFor();
    await input.fill(overrides);
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'tfjs' }).first().waitFor();
    await wb.page.keyboard.press('Enter');
  }

  /** The metrics panel's page (a webview: an iframe holding the panel's own iframe). */
  function metricsFrame(): FrameLocator {
    return wb.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  }

  it('runs the config from the Run code lens and shows the run finished in the Runs view', async () => {
    await wb.openFile(`configs/${CONFIG}`);
    const lens = wb.page.locator('.codelens-decoration a', { hasText: /^Run$/ }).first();
    await lens.waitFor();
    await wb.screenshot('code-lens');
    await lens.click();
    await answerRun('steps=40,batch_size=32', 'log_training_steps=2');
    // The Runs view comes with the activity-bar container; the run shows while it runs, then finished.
    await showRunsView();
    await runRow(/mnist_vit-steps=40/).waitFor();
    await wb.screenshot('run-started');
    await runRow(/mnist_vit-steps=40.*finished/).waitFor({ timeout: 150_000 });
    await wb.screenshot('run-finished');
  });

  it('opens the metrics panel, whose charts hold the run\'s points', async () => {
    await selectRun(/mnist_vit-steps=40/);
    await wb.runCommand('Big Vision: Open Metrics');
    const frame = metricsFrame();
    const loss = frame.locator('[data-metric="training_loss"]');
    await loss.waitFor();
    const workdir = fs.readdirSync(path.join(server.workspace, 'runs')).map((d) => path.join(server.workspace, 'runs', d)).find((d) => /steps=40/.test(d));
    assert.ok(workdir, 'the run has a workdir under runs/');
    const steps = trainingSteps(workdir);
    const points = frame.locator(`[data-metric="training_loss"] [data-run="${workdir}"]`);
    await points.and(frame.locator(`[data-points="${steps.length}"]`)).waitFor();
    assert.equal(await points.getAttribute('data-last-step'), String(steps[steps.length - 1]));
    await frame.locator('[data-metric="test/prec@1"]').waitFor();
    await wb.screenshot('metrics-panel');
  });

  it('stops a second run, which the view then shows interrupted', async () => {
    await wb.openFile(`configs/${CONFIG}`);
    await wb.page.locator('.codelens-decoration a', { hasText: /^Run$/ }).first().click();
    await answerRun('steps=3000,batch_size=32', 'log_training_steps=2');
    await showRunsView();
    await runRow(/mnist_vit-steps=3000.*running.*\d+\/3000/).waitFor({ timeout: 120_000 });
    // Select it, then Stop from the command palette (the run actions work on the view's selection).
    await selectRun(/mnist_vit-steps=3000/);
    await wb.runCommand('Big Vision: Stop Run');
    await runRow(/mnist_vit-steps=3000.*interrupted/).waitFor({ timeout: 120_000 });
    await wb.screenshot('run-interrupted');
  });

  it('compares the two runs: both curves overlaid, and their config differences', async () => {
    await selectRun(/mnist_vit-steps=40/);
    await selectRun(/mnist_vit-steps=3000/, ['Control']);
    assert.equal(await wb.page.locator('[id="workbench.view.extension.bigVision"] .monaco-list-row[aria-selected="true"]').count(), 2);
    await wb.runCommand('Big Vision: Compare Runs');
    const frame = metricsFrame();
    await frame.locator('[data-compare]').waitFor();
    await frame.locator('[data-compare] tr[data-key="total_steps"]').waitFor();
    assert.equal(await frame.locator('[data-metric="training_loss"] [data-run]').count(), 2);
    await wb.screenshot('compare');
  });
});
