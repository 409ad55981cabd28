// End to end in a real VS Code (`npm run test:e2e`): code-server 4.99.4 in headless Chromium, the built .vsix
// installed, a config with a planted typo opened. Checks what a user sees: the status item, pp-string
// highlighting, the typo's diagnostic and its quick fix, completion inside a pp string, a hover with the op's
// registry doc, go to definition of an op (into the reference the .vsix ships), and a server restart.
// Screenshots go to test/e2e/artifacts/, with VS Code's logs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ppOps } from '../../runtime/src/registry';
import { builtVsix, CodeServer, groupGone, ROOT } from './codeServer';
import { Workbench } from './workbench';

const ARTIFACTS = path.join(ROOT, 'test/e2e/artifacts');
const FIXTURE = path.join(__dirname, 'fixtures/workspace');
const CONFIG = 'typo_config.py';
const TYPO_LINE = 'config.grad_clip_nrom';
const PP_LINE = 'config.input.pp';

describe('Big Vision Studio in VS Code (code-server)', function () {
  // Cold start of code-server, the workbench and the config engine; each step then waits on the DOM.
  this.timeout(120_000);
  let server: CodeServer;
  let wb: Workbench;

  before(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    server = await CodeServer.start({ vsix: builtVsix(), fixture: FIXTURE });
    wb = await Workbench.open(server.url, ARTIFACTS);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${slug(this.currentTest.title)}`);
  });

  after(async () => {
    await wb?.close();
    if (!server) return;
    const pgid = server.pgid;
    await server.stop();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'code-server.log'), server.log());
    if (fs.existsSync(server.logsDir())) fs.cpSync(server.logsDir(), path.join(ARTIFACTS, 'vscode-logs'), { recursive: true });
    server.cleanUp();
    // Nothing code-server started (extension host, language server, config-engine workers) may outlive it.
    if (pgid !== undefined) await groupGone(pgid);
  });

  it('activates on a Python file: the status item reaches ready', async () => {
    await wb.openFile(CONFIG);
    // Ready, and (once the config is checked) with the typo's warning: both read "ready".
    await wb.statusItem('bigVision.status').and(wb.page.locator('[aria-label*="Big Vision: ready"]')).waitFor();
    await wb.screenshot('ready');
  });

  it('highlights pp strings with the injection grammar', async () => {
    // The op name gets its own token colour, unlike the quote around it; a plain string is one token.
    const line = wb.line(PP_LINE);
    const op = line.locator('span > span', { hasText: /^decode$/ });
    await op.waitFor();
    const quote = line.locator('span > span', { hasText: /^'$/ }).first();
    assert.notEqual(await op.getAttribute('class'), await quote.getAttribute('class'));
    const plain = wb.line("config.loss = 'softmax_xent'").locator('span > span', { hasText: /^'softmax_xent'$/ });
    await plain.waitFor();
  });

  it('shows the planted typo as a diagnostic with a did-you-mean', async () => {
    const problems = wb.page.locator('[id="status.problems"]');
    await problems.and(wb.page.locator('[aria-label*="Errors"], [aria-label*="Warnings"]')).waitFor();
    // The status item speaks of the config in the editor now.
    await wb.statusItem('bigVision.status').and(wb.page.locator('[aria-label*="this config has"]')).waitFor();
    const hover = await wb.hover(TYPO_LINE, 'grad_clip_nrom', /grad_clip_norm/);
    assert.match((await hover.textContent()) ?? '', /grad_clip_nrom/);
    await wb.screenshot('typo-diagnostic');
    await wb.dismiss();
  });

  it('applies the quick fix of the typo', async () => {
    await wb.placeCaret(TYPO_LINE, 'grad_clip_n');
    await wb.quickFix(/grad_clip_norm/);
    await wb.line('config.grad_clip_norm = 1.0').waitFor();
    // The fixed config is clean: no error or warning is left, and the status item is back to a plain ready.
    await wb.page.locator('[id="status.problems"]:not([aria-label*="Errors"]):not([aria-label*="Warnings"])').waitFor();
    await wb.statusItem('bigVision.status').locator('.codicon-check').waitFor();
    await wb.screenshot('quick-fix-applied');
  });

  it('completes op names inside a pp string', async () => {
    await wb.placeCaret(PP_LINE, 'resize(28)');
    await wb.page.keyboard.type('|value_r');
    const row = await wb.complete(/value_range/);
    await wb.screenshot('pp-completion');
    assert.match((await row.textContent()) ?? '', /value_range/);
    await wb.page.keyboard.press('Enter');
    await wb.line('|value_range').waitFor();
    await wb.dismiss();
  });

  it('hovers a pp op with its registry doc', async () => {
    const doc = ppOps.get('pp.resize')?.doc;
    assert.ok(doc, 'the registry has no pp.resize');
    // The first few words of the one-line doc, as rendered markdown keeps them.
    const words = doc.split(/\s+/).slice(0, 3).map((w) => w.replace(/[`*_]/g, '')).join('\\s+');
    await wb.hover(PP_LINE, 'resize', new RegExp(words));
    await wb.screenshot('pp-hover');
    await wb.dismiss();
  });

  it('goes to the definition of a pp op in the registry reference the .vsix ships', async () => {
    await wb.placeCaret(PP_LINE, 'resi');
    await wb.page.keyboard.press('F12');
    // The reference file opens (it is dist/registry/pp_ops.py inside the installed extension) at the op's entry.
    await wb.page.locator('.tab.active', { hasText: 'pp_ops.py' }).waitFor();
    await wb.line('def resize(').waitFor();
    await wb.screenshot('pp-definition');
    await wb.openFile(CONFIG);
  });

  it('restarts the server from the command palette', async () => {
    await wb.recordStatus('bigVision.status');
    await wb.runCommand('Big Vision: Restart Language Server');
    // The item goes through `starting` and comes back to `ready`.
    const ready = wb.page.locator('.statusbar-item[id$=".bigVision.status"][aria-label*="Big Vision: ready"]');
    await wb.page.waitForFunction(() => ((globalThis as unknown as { bvStatusHistory: string[] }).bvStatusHistory).some((l) => /starting/.test(l)));
    await ready.waitFor();
    const history = await wb.statusHistory();
    assert.ok(history.some((l) => /Big Vision: starting/.test(l)), `status labels seen: ${JSON.stringify(history)}`);
    await wb.screenshot('restarted');
  });
});

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}
