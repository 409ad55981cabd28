// End to end in a real VS Code (code-server) against the fake Cloud TPU (started here: the fake REST API driven
// through the real @google-cloud/tpu client, a real OpenSSH worker on loopback): open configs/mnist_vit.py, click
// Run on TPU on the code lens, answer the questions (project and zone from the settings, a 1-host v4-8, the
// newest fitting runtime, on-demand, a node name, the new workdir, the bundled engine), read the confirmation's
// chips, hosts and estimated $/hour, start; the node is created (TPU Nodes view, status bar), the run shows in the
// Runs view and finishes, its metrics panel draws the mirrored metrics; the idle guard then warns about the READY
// node that runs nothing; a shell on worker 0 opens in a terminal (what is typed there lands on the worker's
// disk), Stop Runs reaches the node, and Delete (confirmed) removes it. Screenshots in test/e2e/artifacts/tpu/.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { FAKE_PROJECT, FAKE_ZONE, FakeTpu } from '../fake-tpu/fakeTpu';
import { builtVsix, CodeServer, groupGone, ROOT } from './codeServer';
import { Workbench } from './workbench';

const ARTIFACTS = path.join(ROOT, 'test/e2e/artifacts/tpu');
const FIXTURE = path.join(__dirname, 'fixtures/runs-workspace');
const CONFIG = 'mnist_vit.py';
const NODE = 'e2e-tpu';

/** Training steps of the mirrored metrics file. */
function trainingSteps(workdir: string): number[] {
  return fs
    .readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"training_loss"'))
    .map((l) => (JSON.parse(l) as { step: number }).step);
}

describe('Run on TPU in VS Code (code-server, fake Cloud TPU)', function () {
  // The run itself takes about a minute; the rest is the workbench and the bootstrap on a loaded 2-core machine.
  this.timeout(420_000);
  let fake: FakeTpu;
  let server: CodeServer;
  let wb: Workbench;
  let dataDir: string;

  before(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-e2e-tpu-tfds-'));
    const prep = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'bv.js'), 'data', 'prepare', 'mnist', '--data-dir', dataDir], { encoding: 'utf8' });
    assert.equal(prep.status, 0, prep.stderr);
    fake = await FakeTpu.start();
    server = await CodeServer.start({
      vsix: builtVsix(),
      fixture: FIXTURE,
      files: { [`configs/${CONFIG}`]: path.join(ROOT, 'configs', CONFIG) },
      settings: {
        'bigVision.tfdsDataDir': dataDir,
        'bigVision.tpu.project': FAKE_PROJECT,
        'bigVision.tpu.zone': FAKE_ZONE,
        'bigVision.tpu.sshUser': fake.workers.user.name,
        'bigVision.tpu.sshPort': fake.port,
        'bigVision.tpu.idleMinutes': 0,
      },
      // The extension host inherits these, and passes them on to the `bv tpu` it starts.
      env: fake.env(200),
    });
    wb = await Workbench.open(server.url, ARTIFACTS);
  });

  const watchers: fs.FSWatcher[] = [];
  let failed = false;
  afterEach(async function () {
    for (const w of watchers.splice(0)) w.close();
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    if (wb) await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  after(async () => {
    await wb?.close();
    if (server) {
      // A launcher still following a run (the test failed midway) leads a process group of its own: end it by the
      // pid its run record names.
      for (const w of runWorkdirs()) {
        try {
          const pid = (JSON.parse(fs.readFileSync(path.join(w, 'bv_run.json'), 'utf8')) as { pid: number }).pid;
          process.kill(-pid, 'SIGKILL');
        } catch {
          // no record, or the launcher is gone
        }
      }
      const pgid = server.pgid;
      await server.stop();
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, 'code-server.log'), server.log());
      if (fs.existsSync(server.logsDir())) fs.cpSync(server.logsDir(), path.join(ARTIFACTS, 'vscode-logs'), { recursive: true });
      for (const w of runWorkdirs()) {
        const log = path.join(w, 'bv_run.log');
        if (!fs.existsSync(log)) continue;
        fs.copyFileSync(log, path.join(ARTIFACTS, `${path.basename(w)}.log`));
        // CI keeps the console only: the run's own account of what went wrong goes there.
        if (failed) console.error(`--- ${path.basename(w)}/bv_run.log (end) ---\n${fs.readFileSync(log, 'utf8').split('\n').slice(-40).join('\n')}`);
      }
      server.cleanUp();
      if (pgid !== undefined) await groupGone(pgid);
    }
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function runWorkdirs(): string[] {
    const runs = path.join(server.workspace, 'runs');
    return fs.existsSync(runs) ? fs.readdirSync(runs).map((d) => path.join(runs, d)) : [];
  }

  const container = () => wb.page.locator('[id="workbench.view.extension.bigVision"]');
  const runRow = (text: RegExp): Locator => container().locator('.monaco-list-row', { hasText: text }).first();

  async function showBigVision(): Promise<void> {
    if (!(await container().isVisible())) await wb.page.locator('.activitybar .action-item a[aria-label^="Big Vision"]').click();
    await container().waitFor();
  }

  /** Waits for the quick input titled like `title`, optionally types `text`, and accepts. */
  async function answer(title: RegExp, text?: string): Promise<void> {
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor();
    if (text !== undefined) await wb.page.locator('.quick-input-widget .quick-input-box input').fill(text);
    await wb.page.keyboard.press('Enter');
  }

  it('runs mnist_vit on a new TPU node from the Run on TPU code lens, after a confirmation with chips, hosts and $/hour', async () => {
    await wb.openFile(`configs/${CONFIG}`);
    const lens = wb.page.locator('.codelens-decoration a', { hasText: /^Run on TPU$/ }).first();
    await lens.waitFor();
    await lens.click();
    await answer(/Run on TPU mnist_vit\.py: arg/, 'steps=20,batch_size=32');
    await answer(/Run on TPU mnist_vit\.py: overrides/, 'log_training_steps=2 ckpt_steps=10 schedule.warmup_steps=4 evals.test.data.split=test[:10%]');
    await answer(/\(1\/8\): Google Cloud project/);
    await answer(/\(2\/8\): zone/);
    // The types come from the fake API through the provider; v4-8 (one host) is listed first.
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /v4-8.*4 chips, 1 host.*\$12\.88\/h \(estimate\)/ }).first().waitFor();
    await wb.screenshot('accelerator-types');
    await answer(/\(3\/8\): accelerator type/, 'v4-8');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /tpu-ubuntu2204-base.*newest that fits v4-8/ }).first().waitFor();
    await answer(/\(4\/8\): runtime version for v4-8/);
    await answer(/\(5\/8\): capacity/);
    await answer(/\(6\/8\): node name/, NODE);
    await answer(/\(7\/8\): workdir/);
    await answer(/\(8\/8\): engine/);
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, /Run mnist_vit\.py:steps=20,batch_size=32 on TPU node e2e-tpu\? ~\$12\.88\/h \(estimate\)/);
    assert.match(text, /v4-8: 4 chips on 1 host, on-demand/);
    assert.match(text, /estimate, on-demand list price of/);
    await wb.screenshot('confirmation');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Run on TPU' }).click();
    await showBigVision();
    await runRow(/mnist_vit-steps=20.*running/).waitFor({ timeout: 60_000 });
    await wb.screenshot('run-started');
    // The node shows in the TPU Nodes view and the status bar once created.
    await container().locator('.monaco-list-row', { hasText: new RegExp(`${NODE}.*READY.*v4-8.*1 host.*\\$12\\.88/h`) }).waitFor({ timeout: 60_000 });
    await wb.statusItem('bigVision.tpuNodes').filter({ hasText: new RegExp(`${NODE} READY ~\\$12\\.88/h`) }).waitFor();
    assert.equal(fake.api.node(NODE)?.acceleratorType, 'v4-8');
    await runRow(/mnist_vit-steps=20.*finished/).waitFor({ timeout: 180_000 });
    await wb.screenshot('run-finished');
  });

  it('opens the TPU run\'s metrics panel, whose charts hold the mirrored metrics', async () => {
    const row = runRow(/mnist_vit-steps=20/);
    for (let i = 0; i < 5 && (await row.getAttribute('aria-selected')) !== 'true'; i++) await row.click();
    await wb.runCommand('Big Vision: Open Metrics');
    const frame = wb.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    const workdir = runWorkdirs().find((d) => /mnist_vit-steps=20/.test(d));
    assert.ok(workdir, 'the run has a workdir under runs/');
    const steps = trainingSteps(workdir);
    assert.equal(steps[steps.length - 1], 20, 'the metrics file was mirrored to the end');
    const points = frame.locator(`[data-metric="training_loss"] [data-run="${workdir}"]`);
    await points.and(frame.locator(`[data-points="${steps.length}"]`)).waitFor();
    assert.equal(await points.getAttribute('data-last-step'), '20');
    await wb.screenshot('metrics-panel');
  });

  it('warns about the idle READY node once its run has finished', async () => {
    // A toast, or an entry of the notification center when the toast went there (VS Code moves toasts into the
    // center, e.g. when the palette took the keyboard while it showed).
    const warning = wb.page.locator('.notification-list-item', { hasText: `TPU node ${NODE} is READY and has run nothing of ours` }).first();
    if (!(await warning.isVisible())) await wb.runCommand('Notifications: Show Notifications');
    await warning.waitFor({ timeout: 120_000 });
    assert.match((await warning.textContent()) ?? '', /It costs ~\$12\.88\/h \(estimate/);
    await wb.screenshot('idle-warning');
    await warning.locator('.monaco-button', { hasText: 'Keep' }).click();
    await warning.waitFor({ state: 'hidden' });
    if (await wb.page.locator('.notifications-center.visible').isVisible()) await wb.runCommand('Notifications: Hide Notifications');
  });

  /** Selects the node's row in the TPU Nodes view. */
  async function selectNode(): Promise<void> {
    const row = container().locator('.monaco-list-row', { hasText: new RegExp(`^${NODE}`) }).first();
    for (let i = 0; i < 5 && (await row.getAttribute('aria-selected')) !== 'true'; i++) await row.click();
    assert.equal(await row.getAttribute('aria-selected'), 'true');
  }

  it('opens a shell on worker 0 in a terminal, and stops runs on the node (none left)', async () => {
    await selectNode();
    await wb.runCommand('Big Vision: Open a Shell on TPU Worker 0');
    await wb.page.locator('.terminal-wrapper.active .xterm').waitFor();
    // What the shell does lands on the worker's own disk.
    const home = fake.home(NODE, 0);
    const marker = path.join(home, 'typed-in-the-terminal');
    const made = new Promise<void>((resolve) => {
      const watcher = fs.watch(home, () => {
        if (!fs.existsSync(marker)) return;
        watcher.close();
        resolve();
      });
      // Closed by afterEach too: a test that times out here must not leave a watcher that keeps mocha alive.
      watchers.push(watcher);
    });
    await wb.page.keyboard.type('touch ~/typed-in-the-terminal');
    await wb.page.keyboard.press('Enter');
    await made;
    await wb.screenshot('worker-shell');
    await selectNode();
    await wb.runCommand('Big Vision: Stop Runs on TPU Node');
    await wb.page.locator('.notification-toast', { hasText: `no run of ours was running on node ${NODE}` }).waitFor({ timeout: 60_000 });
  });

  it('deletes the node from the TPU Nodes view after a confirmation', async () => {
    await selectNode();
    await wb.runCommand('Big Vision: Delete TPU Node');
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: `Delete TPU node ${NODE}?` });
    await dialog.waitFor();
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Delete$/ }).click();
    await container().locator('.monaco-list-row', { hasText: new RegExp(`^${NODE}`) }).waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(fake.api.node(NODE), undefined, 'the node is deleted');
    await wb.statusItem('bigVision.tpuNodes').waitFor({ state: 'hidden' });
  });
});
