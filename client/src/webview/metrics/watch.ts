/**
 * Tells when files of a run's workdir change: `fs.watch` on the folder (inotify and the like: no polling;
 * it also sees a file that is created or replaced), plus a slow `fs.watchFile` stat poll of each file as the
 * fallback where folder events do not come (network and FUSE file systems, a folder that does not exist yet).
 * Events are coalesced: one callback per burst, on the next turn of the event loop.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Interval of the fallback stat poll: a stat per file every few seconds costs nothing measurable. */
export const FALLBACK_POLL_MS = 3000;

export interface Disposable {
  dispose(): void;
}

/** Calls `onChange(name)` when one of `names` in `dir` may have changed. */
export function watchFiles(dir: string, names: readonly string[], onChange: (name: string) => void, pollMs = FALLBACK_POLL_MS): Disposable {
  const due = new Set<string>();
  let scheduled: NodeJS.Immediate | undefined;
  const fire = (name: string) => {
    due.add(name);
    scheduled ??= setImmediate(() => {
      scheduled = undefined;
      const names = [...due];
      due.clear();
      for (const n of names) onChange(n);
    });
  };
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(dir, { persistent: false }, (_event, filename) => {
      // Some platforms give no file name: then any of ours may have changed.
      if (!filename) names.forEach(fire);
      else if (names.includes(filename.toString())) fire(filename.toString());
    });
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined; // the folder is missing or cannot be watched: the stat poll below still works
  }
  const polls = names.map((name) => {
    const file = path.join(dir, name);
    const listener = (cur: fs.Stats, prev: fs.Stats) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size || cur.ino !== prev.ino) fire(name);
    };
    fs.watchFile(file, { persistent: false, interval: pollMs }, listener);
    return { file, listener };
  });
  return {
    dispose() {
      watcher?.close();
      for (const p of polls) fs.unwatchFile(p.file, p.listener);
      if (scheduled) clearImmediate(scheduled);
    },
  };
}
