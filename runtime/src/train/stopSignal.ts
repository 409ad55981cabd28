/**
 * Graceful interruption: SIGINT/SIGTERM set a flag that the loop reads after each step, so the current step
 * finishes, a checkpoint is written (when there is a workdir) and the process exits cleanly. A second signal
 * while stopping ends the process at once (exit 130), for when the checkpoint write itself hangs.
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
