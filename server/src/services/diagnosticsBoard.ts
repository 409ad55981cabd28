/**
 * What the client is shown per document: its own diagnostics (from its own analysis) plus those other
 * documents' analyses place in it — problems in a helper module that a config imports, while that module is
 * open. LSP replaces a document's diagnostics wholesale on each publication, so every change to either part
 * republishes the union; a document's own version rides along so the client can tell stale results.
 */
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';

export class DiagnosticsBoard {
  private readonly own = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  /** Target URI → source URI (the analysed config) → what that source placed in the target. */
  private readonly placed = new Map<string, Map<string, Diagnostic[]>>();

  constructor(private readonly send: (params: PublishDiagnosticsParams) => void) {}

  /** An analysis of `uri` (at `version`) found `own` diagnostics, and `others` for other open documents. */
  publish(uri: string, version: number, own: Diagnostic[], others: ReadonlyMap<string, Diagnostic[]>): void {
    this.own.set(uri, { version, diagnostics: own });
    // The analysed document first: a client that sees a helper's update has already seen the config's.
    this.flush(uri);
    for (const [target, bySource] of this.placed) {
      if (bySource.has(uri) && !others.has(target)) {
        bySource.delete(uri);
        this.flush(target);
      }
    }
    for (const [target, diagnostics] of others) {
      let bySource = this.placed.get(target);
      if (!bySource) this.placed.set(target, (bySource = new Map()));
      bySource.set(uri, diagnostics);
      this.flush(target);
    }
  }

  /** Documents whose analyses placed diagnostics in `uri`. */
  sourcesOf(uri: string): string[] {
    return [...(this.placed.get(uri)?.keys() ?? [])];
  }

  /** The analysis of `uri` no longer applies (it stopped being a config): its own and its placed diagnostics go. */
  withdraw(uri: string): void {
    this.own.delete(uri);
    for (const [target, bySource] of this.placed) {
      if (bySource.delete(uri) && target !== uri) this.flush(target);
    }
    this.flush(uri);
  }

  /** `uri` was closed: nothing is shown on it any more (its sources' owner re-places what they put there). */
  close(uri: string): void {
    this.placed.delete(uri);
    this.withdraw(uri);
  }

  private flush(uri: string): void {
    const own = this.own.get(uri);
    const foreign = [...(this.placed.get(uri)?.values() ?? [])].flat();
    this.send({ uri, ...(own?.version !== undefined ? { version: own.version } : {}), diagnostics: [...(own?.diagnostics ?? []), ...foreign] });
  }
}
