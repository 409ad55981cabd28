/**
 * The output of a long-running command under test (`bv tpu run`, `bv train`), line by line: every complete line,
 * and a wait for the first line that matches, whether it came already or is still to come.
 */
export class OutputLines {
  readonly lines: string[] = [];
  private readonly waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  private pending = '';

  /** Takes a chunk of output (a `data` listener of stdout or stderr). */
  readonly feed = (chunk: Buffer | string): void => {
    this.pending += chunk.toString();
    const parts = this.pending.split('\n');
    this.pending = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      for (const w of this.waiters.filter((x) => x.re.test(line))) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };

  /** Resolves with the first line matching `re`. */
  line(re: RegExp): Promise<string> {
    const seen = this.lines.find((l) => re.test(l));
    return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ re, resolve }));
  }
}
