/**
 * A run's status, derived from its record and the process table, never guessed:
 * - `running`: the recorded process (or the trainer it supervises) is alive on this host; for a run on a TPU node,
 *   the recorded process is the local launcher that follows it (`bv tpu run`);
 * - `finished`: it ended on its own with exit code 0;
 * - `failed`: it ended with an error (exit code ≠ 0), with the error's last lines;
 * - `interrupted`: it was stopped (a stop signal before the end, or killed by a signal), or its process is gone
 *   without an end record (SIGKILL, a crash of the machine);
 * - `unknown`: no record (a workdir written by upstream big_vision, whose metrics are shown anyway), or a run
 *   recorded on another host, whose process cannot be checked from here.
 */
import * as os from 'node:os';
import { processAlive } from './processes';
import type { RunRecord } from './record';

export const RUN_STATUSES = ['running', 'finished', 'failed', 'interrupted', 'unknown'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface StatusInfo {
  status: RunStatus;
  /** One line saying why, for tooltips and `bv runs list`. */
  reason: string;
  /** The error's last lines, for `failed`. */
  error?: string[];
}

/** How to look at processes; tests pass their own. */
export interface ProcessProbe {
  host: string;
  alive(pid: number, token?: string): boolean;
}

export const LOCAL_PROBE: ProcessProbe = { host: os.hostname(), alive: processAlive };

export function deriveStatus(record: RunRecord | undefined, probe: ProcessProbe = LOCAL_PROBE): StatusInfo {
  if (!record) return { status: 'unknown', reason: 'no run record (written by upstream big_vision or another tool); its metrics are shown as they are' };
  const exit = record.exit;
  if (record.ended && exit) {
    if (exit.stoppedBy) return { status: 'interrupted', reason: `stopped by ${exit.stoppedBy}${exit.code === 0 ? '; a relaunch resumes from its last checkpoint' : ''}` };
    if (exit.signal) return { status: 'interrupted', reason: `killed by ${exit.signal}` };
    if (exit.code === 0) return { status: 'finished', reason: 'ended with exit code 0' };
    return { status: 'failed', reason: `ended with exit code ${exit.code}`, error: exit.error };
  }
  if (record.host !== probe.host) return { status: 'unknown', reason: `started on host ${record.host}, whose processes cannot be checked from here` };
  if (probe.alive(record.pid, record.pidStart)) {
    const r = record.remote;
    return { status: 'running', reason: r ? `on TPU node ${r.node} (${r.zone}): ${r.phase}; launcher process ${record.pid}` : `process ${record.pid} is running` };
  }
  if (record.childPid !== undefined && probe.alive(record.childPid, record.childStart)) {
    return { status: 'running', reason: `trainer process ${record.childPid} is running (its launcher ${record.pid} is gone)` };
  }
  if (record.remote) {
    const r = record.remote;
    return { status: 'interrupted', reason: `its launcher (process ${record.pid}) is gone without an end record; the run may still go on TPU node ${r.node} (${r.zone}): bv tpu logs ${r.node}, or Resume to follow it again` };
  }
  return { status: 'interrupted', reason: `process ${record.pid} is gone without an end record (killed, or the machine went down)` };
}
