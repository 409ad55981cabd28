/**
 * The local side of a TPU run: its run record in the local workdir (the launcher's pid, so the run counts as
 * running while the launcher follows it; where it runs in `remote`, with the current phase), and its log,
 * `bv_run.log`, which gets worker 0's output as it is and the launcher's own steps as lines of their own
 * (`bv tpu: node preempted`). The Runs view and `bv runs list` read both like any local run's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { endRecord, lastLines, RUN_LOG_FILE, startRecord, writeRecord, type RemoteRun, type RunExit, type RunLaunch, type RunRecord } from '../runs/record';

const TAIL_BYTES = 64 * 1024;

export class RunRecordKeeper {
  private record: RunRecord;
  private readonly log: number;
  private atLineStart = true;
  private tail = '';

  constructor(readonly workdir: string, launch: RunLaunch, private readonly out: NodeJS.WritableStream) {
    this.record = startRecord(workdir, launch);
    this.log = fs.openSync(path.join(workdir, RUN_LOG_FILE), 'a');
    this.toLog(`\n=== ${this.record.started} TPU run: ${launch.command.join(' ')}\n`);
  }

  private toLog(text: string): void {
    try {
      fs.writeSync(this.log, text);
    } catch {
      // A full disk must not stop the run; the record says how it ends.
    }
  }

  private write(text: string): void {
    try {
      if (!(this.out as { destroyed?: boolean }).destroyed) this.out.write(text);
    } catch {
      // Nobody reads our output any more (the editor went away): the log has it.
    }
    this.toLog(text);
  }

  /** Worker 0's output, as it is. */
  output(text: string): void {
    if (!text) return;
    this.write(text);
    this.atLineStart = text.endsWith('\n');
    this.tail = (this.tail + text).slice(-TAIL_BYTES);
  }

  /** One of the launcher's steps, on a line of its own. */
  say(line: string): void {
    this.write(`${this.atLineStart ? '' : '\n'}bv tpu: ${line}\n`);
    this.atLineStart = true;
  }

  /** Updates the remote part of the record (phase, node id, recoveries). */
  remote(update: Partial<RemoteRun>): void {
    if (!this.record.remote) return;
    this.record = { ...this.record, remote: { ...this.record.remote, ...update } };
    try {
      writeRecord(this.workdir, this.record);
    } catch {
      // As for the log: the run goes on.
    }
  }

  /** The last lines of worker 0's output, for a failure's error. */
  lastOutput(n = 20): string[] {
    return lastLines(this.tail, n);
  }

  end(exit: RunExit): void {
    this.record = endRecord(this.workdir, this.record, exit);
    const outcome = exit.stoppedBy ? `stopped by ${exit.stoppedBy}` : exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
    this.toLog(`=== ${this.record.ended} ended: ${outcome}\n`);
    fs.closeSync(this.log);
  }
}
