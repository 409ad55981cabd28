/**
 * Graceful interruption: SIGINT/SIGTERM set a flag that the loop reads after each step, so the current step
 * finishes, a checkpoint is written (when there is a workdir) and the process exits cleanly. A second signal
 * while stopping ends the process at once (exit 130); checkpoints are written synchronously and atomically, so
 * the last complete one stays referenced.
 *
 * Node runs signal handlers only when its event loop turns. A training step on in-memory batches (wasm or CPU
 * kernels, `cache_raw` data) never waits on the event loop, so its awaits resolve as microtasks and a signal
 * would wait for the next file read (an eval reading its split, or never). The loop therefore calls
 * `turnEventLoop()` between steps and between eval batches.
 */

export interface StopSignal {
  /** The signal that asked to stop, if any. */
  readonly requested: NodeJS.Signals | undefined;
  /** Asks to stop as if `signal` had arrived (tests, or an embedding host). */
  request(signal: NodeJS.Signals): void;
  /** Removes the handlers. */
  dispose(): void;
}

/** Installs SIGINT/SIGTERM handlers on `proc` (default: this process). */
export function installStopSignal(onRequest: (signal: NodeJS.Signals) => void, proc: NodeJS.Process = process): StopSignal {
  let requested: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (requested) {
      proc.stderr.write(`\n${signal} again: stopping now without a checkpoint\n`);
      proc.exit(130);
    }
    requested = signal;
    onRequest(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const s of signals) proc.on(s, handler);
  return {
    get requested() {
      return requested;
    },
    request: (signal) => {
      requested ??= signal;
      onRequest(signal);
    },
    dispose: () => {
      for (const s of signals) proc.off(s, handler);
    },
  };
}

/** Resolves after one turn of the event loop, in which pending signals reach their handlers. */
export function turnEventLoop(): Promise<void> {
  // setImmediate runs after the poll phase, where libuv dispatches signals; a resolved promise would not wait.
  return new Promise((resolve) => setImmediate(resolve));
}
