/**
 * Drives VS Code's workbench in headless Chromium with playwright-core: open a file from the explorer, find text
 * in the editor, hover, trigger completion and quick fixes, take screenshots. Every step waits on a DOM condition
 * (playwright's auto-waiting locators), never on a fixed delay. Selectors are VS Code 1.99's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const CHROMIUM = process.env.BV_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The few DOM APIs `pointAt` runs in the page (the project compiles without the DOM library). */
interface PageText {
  data: string;
}
interface PageDocument {
  createTreeWalker(root: unknown, whatToShow: number): { nextNode(): unknown };
  createRange(): {
    setStart(node: PageText, offset: number): void;
    setEnd(node: PageText, offset: number): void;
    getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  };
}
/** NodeFilter.SHOW_TEXT */
const SHOW_TEXT = 4;

/** Pressed with the platform's main modifier (headless Chromium on Linux: Control). */
const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

export class Workbench {
  private shot = 0;

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  /** Opens the workbench at `url` and waits for the explorer to list the workspace. */
  static async open(url: string, artifacts: string): Promise<Workbench> {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set BV_CHROMIUM)`);
    fs.mkdirSync(artifacts, { recursive: true });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.explorer-folders-view').waitFor();
    return new Workbench(browser, page, artifacts);
  }

  /** Saves a numbered screenshot under the artifacts folder; returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artifacts, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Opens a workspace file by double-clicking it in the explorer (Ctrl+P does not open headless); `dir/name`
   * expands the folders on the way. */
  async openFile(relPath: string): Promise<void> {
    const parts = relPath.split('/');
    const name = parts.pop() as string;
    const tab = this.page.locator('.tab', { hasText: name }).first();
    if (await tab.isVisible()) {
      await tab.click();
      await this.page.locator('.tab.active', { hasText: name }).waitFor();
      await this.editor().locator('.view-lines').waitFor();
      return;
    }
    if (!(await this.page.locator('.explorer-folders-view').isVisible())) {
      await this.page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
      await this.page.locator('.explorer-folders-view').waitFor();
    }
    for (const dir of parts) {
      const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${dir}$`) }).first();
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).dblclick();
    await this.page.locator('.tab.active', { hasText: name }).waitFor();
    await this.editor().locator('.view-lines').waitFor();
  }

  /** The active editor. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The rendered editor line that contains `text` (VS Code renders only the visible lines). */
  line(text: string): Locator {
    return this.editor().locator('.view-line', { hasText: text }).first();
  }

  /**
   * Screen point at the middle of `text` in the first rendered line containing `lineText`. VS Code merges
   * same-coloured tokens into one span, so the point comes from a DOM Range over the characters themselves.
   */
  async pointAt(lineText: string, text: string): Promise<{ x: number; y: number }> {
    const line = this.line(lineText);
    await line.waitFor();
    const box = await line.evaluate((el, [needle, showText]) => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      const walker = doc.createTreeWalker(el, showText);
      const nodes: PageText[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as PageText);
      // VS Code renders spaces as U+00A0.
      const full = nodes.map((n) => n.data).join('').replace(/\u00a0/g, ' ');
      const at = full.indexOf(needle);
      if (at < 0) return null;
      // No helper functions in here: tsx's keepNames would wrap them in `__name`, which the page lacks.
      const range = doc.createRange();
      let offset = 0;
      for (const n of nodes) {
        const end = offset + n.data.length;
        if (at >= offset && at <= end) range.setStart(n, at - offset);
        if (at + needle.length >= offset && at + needle.length <= end) range.setEnd(n, at + needle.length - offset);
        offset = end;
      }
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, [text, SHOW_TEXT] as const);
    if (!box) throw new Error(`'${text}' is not in the editor line containing '${lineText}'`);
    return box;
  }

  /** Puts the caret right after `text` in the first line containing `lineText`, using the keyboard only. */
  async placeCaret(lineText: string, text: string): Promise<void> {
    const point = await this.pointAt(lineText, text);
    await this.page.mouse.click(point.x, point.y);
    await this.page.keyboard.press('End');
    const line = ((await this.line(lineText).textContent()) ?? '').replace(/\u00a0/g, ' ');
    const at = line.indexOf(text);
    for (let i = line.length; i > at + text.length; i--) await this.page.keyboard.press('ArrowLeft');
  }

  /** Hovers the middle of `text` in the line containing `lineText`; returns the hover once it matches `expect`. */
  async hover(lineText: string, text: string, expect: RegExp): Promise<Locator> {
    const point = await this.pointAt(lineText, text);
    await this.page.mouse.move(point.x, point.y);
    const widget = this.page.locator('.monaco-hover:not(.hidden)', { hasText: expect }).first();
    await widget.waitFor();
    return widget;
  }

  /** Triggers completion at the caret and waits for a suggestion matching `label`. */
  async complete(label: RegExp): Promise<Locator> {
    await this.page.keyboard.press(`${MOD}+Space`);
    const row = this.page.locator('.suggest-widget.visible .monaco-list-row', { hasText: label }).first();
    await row.waitFor();
    return row;
  }

  /** Opens the quick-fix menu at the caret and runs the action whose title matches `title` (keyboard only: the
   * menu's pointer guard swallows clicks). */
  async quickFix(title: RegExp): Promise<void> {
    await this.page.keyboard.press(`${MOD}+.`);
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.filter({ hasText: title }).first().waitFor();
    const count = await rows.count();
    for (let i = 0; i <= count; i++) {
      if (await rows.filter({ hasText: title }).and(rows.locator('xpath=self::*[contains(@class, "focused")]')).count()) {
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no quick fix matching ${title} could be focused`);
  }

  /** Runs a command from the command palette by its title. */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    // A focused webview (the metrics panel) keeps keystrokes: open the palette from the title bar's command
    // center instead, which any focus allows.
    const center = this.page.locator('.command-center .action-item.command-center-center');
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    // A webview that finishes loading (a metrics panel a click just opened) takes the focus, which closes a palette
    // opened a moment before: then the palette is opened again.
    for (let attempt = 1; ; attempt++) {
      if (await center.isVisible()) await center.click();
      else await this.page.keyboard.press(`${MOD}+Shift+P`);
      try {
        await input.fill(`>${title}`, { timeout: 10_000 });
        await row.waitFor({ timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /** The status-bar item an extension contributed with id `id` (VS Code prefixes the extension's id). */
  statusItem(id: string): Locator {
    return this.page.locator(`.statusbar-item[id$=".${id}"]`);
  }

  /**
   * Starts recording every aria-label the status item takes, so that a short-lived state (a restart's
   * `starting`) is seen even when it lasts less than a polling interval. Read with `statusHistory`.
   */
  async recordStatus(id: string): Promise<void> {
    await this.statusItem(id).evaluate((el) => {
      const g = globalThis as unknown as { bvStatusHistory: string[]; MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void } };
      g.bvStatusHistory = [];
      const observer = new g.MutationObserver(() => g.bvStatusHistory.push(el.getAttribute('aria-label') ?? ''));
      observer.observe(el, { attributes: true, subtree: true, childList: true, characterData: true });
    });
  }

  /** The labels the recorded status item has shown since `recordStatus`. */
  async statusHistory(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as { bvStatusHistory?: string[] }).bvStatusHistory ?? []);
  }

  /** Closes any hover or widget. */
  async dismiss(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
