/**
 * A mocha root hook (loaded by .mocharc.json) that fails the test run when the process emits a Node warning: a
 * deprecation, a FileHandle closed on garbage collection, an unhandled-listener leak. A warning is a bug. At the
 * end garbage is collected (mocha runs with --expose-gc), so a leaked file handle reports itself every time
 * instead of whenever a collection happens to run.
 */
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
const turn = () => new Promise((resolve) => setImmediate(resolve));

export const mochaHooks = {
  beforeAll(): void {
    process.on('warning', onWarning);
  },
  async afterAll(): Promise<void> {
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let i = 0; gc && i < 2; i++) {
      gc();
      // Node reports a handle closed by the collector from an immediate, then emits the warning on the next tick.
      await turn();
      await turn();
    }
    process.off('warning', onWarning);
    if (warnings.length) {
      throw new Error(`Node printed ${warnings.length} warning(s) during the tests; a warning is a bug:\n${warnings.map((w) => `${w.name}: ${w.message}`).join('\n')}`);
    }
  },
};
