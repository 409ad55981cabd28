/**
 * The local copy of a metrics file that upstream writes in a bucket, kept one line per step. Upstream appends a
 * line per logged step and, after a restart, trains the steps after its last checkpoint again and appends them
 * again; the copy takes each line as it comes and, when a line's step is not past the last one it holds (a
 * restart), first drops its own lines from that step on — as a local workdir's copy is cut back to the checkpoint
 * before a resume — so the charts and `bv runs list` see one line per step, the newest.
 */
import * as fs from 'node:fs';

/** The step of a metrics line; undefined for a line without one (kept as it is). */
function stepOf(line: string): number | undefined {
  try {
    const step = (JSON.parse(line) as { step?: unknown }).step;
    return typeof step === 'number' ? step : undefined;
  } catch {
    return undefined;
  }
}

export class MetricsCopy {
  private lastStep: number | undefined;

  constructor(readonly file: string) {}

  /** Replaces the copy with `text`'s complete lines (the object was read whole). */
  replace(text: string): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, '');
    this.lastStep = undefined;
    this.appendTo(tmp, text);
    fs.renameSync(tmp, this.file);
  }

  /** Adds complete lines to the copy. */
  append(text: string): void {
    if (this.lastStep === undefined && fs.existsSync(this.file)) this.lastStep = this.scanLastStep();
    this.appendTo(this.file, text);
  }

  private appendTo(file: string, text: string): void {
    let out = '';
    for (const line of text.split('\n')) {
      if (!line) continue;
      const step = stepOf(line);
      if (step !== undefined && this.lastStep !== undefined && step <= this.lastStep) {
        // A restart trains this step again: what the copy (and `out`) holds from it on is replaced.
        fs.appendFileSync(file, out);
        out = '';
        this.cutFrom(file, step);
      }
      out += `${line}\n`;
      if (step !== undefined) this.lastStep = step;
    }
    fs.appendFileSync(file, out);
  }

  /** Truncates `file` before its first line of step ≥ `step`. */
  private cutFrom(file: string, step: number): void {
    const text = fs.readFileSync(file, 'utf8');
    let at = 0;
    for (const line of text.split('\n')) {
      const s = line ? stepOf(line) : undefined;
      if (s !== undefined && s >= step) break;
      at += Buffer.byteLength(line) + 1;
    }
    fs.truncateSync(file, Math.min(at, Buffer.byteLength(text)));
  }

  private scanLastStep(): number | undefined {
    let last: number | undefined;
    for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
      const s = line ? stepOf(line) : undefined;
      if (s !== undefined) last = s;
    }
    return last;
  }
}
