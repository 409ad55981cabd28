import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { watchFiles } from './watch';

describe('metrics panel: watching a workdir', () => {
  it('tells which watched file was created, appended or rewritten, and nothing of other files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-watch-'));
    const seen: string[] = [];
    const waiting = new Map<string, () => void>();
    const watcher = watchFiles(dir, ['big_vision_metrics.txt', 'config.json'], (name) => {
      seen.push(name);
      waiting.get(name)?.();
    });
    const changeOf = (name: string) => new Promise<void>((resolve) => waiting.set(name, resolve));
    try {
      const metrics = changeOf('big_vision_metrics.txt');
      fs.writeFileSync(path.join(dir, 'other.txt'), 'x');
      fs.writeFileSync(path.join(dir, 'big_vision_metrics.txt'), '{"step": 1}\n');
      fs.appendFileSync(path.join(dir, 'big_vision_metrics.txt'), '{"step": 2}\n');
      await metrics;
      const config = changeOf('config.json');
      fs.writeFileSync(path.join(dir, 'config.json'), '{}');
      await config;
      assert.ok(!seen.includes('other.txt'));
      // A burst of events becomes one call per turn of the event loop, not one per write.
      assert.ok(seen.filter((n) => n === 'big_vision_metrics.txt').length <= 2, seen.join(' '));
    } finally {
      watcher.dispose();
    }
  });
});
