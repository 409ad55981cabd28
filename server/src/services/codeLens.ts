/**
 * Code lenses of a config: "Run", "Run on TPU" and "Check" above `def get_config`, and "Run sweep (N runs)"
 * above the sweep function that runs (`def sweep`, the `def` that `sweep = name` aliases, else `def get_hyper`).
 *
 * Where the lenses sit comes from the syntax tree, so they show at once. N comes from listing the sweep with the
 * config engine on the document's text, once per document version: the sweep lens is left unresolved until then
 * (`codeLens/resolve` waits for the listing) unless that version's listing is already in.
 */
import type { CancellationToken, CodeLens, Command, Range } from 'vscode-languageserver';
import type { Node } from 'web-tree-sitter';
import type { ConfigEngine } from '../../../runtime/src/config';
import { expandSweep, type SweepResult } from '../../../runtime/src/runs/sweep';
import type { ConfigDocument } from '../documents';
import { BigVisionCommand, type ConfigCommandArgs, type RunSweepArgs } from '../protocol';

/** What an unresolved sweep lens carries to `codeLens/resolve`. */
export interface SweepLensData {
  uri: string;
  version: number;
  /** The function the syntax says runs; the listing's answer wins. */
  function: string;
}

/** Where the lenses go: the `def` keyword to the end of the function's name. */
export interface LensTargets {
  getConfig?: Range;
  sweep?: { range: Range; function: string };
}

/** The `function_definition` a top-level statement defines, if it defines one. */
function functionOf(node: Node): Node | undefined {
  const def = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  return def?.type === 'function_definition' ? def : undefined;
}

/** The lens targets of a config, from its top-level statements (later bindings of a name win, as in Python). */
export function lensTargets(doc: ConfigDocument): LensTargets {
  const defs = new Map<string, Range>();
  let sweep: { range: Range; function: string } | undefined;
  const rangeOf = (from: Node, to: Node): Range => ({ start: doc.doc.positionAt(from.startIndex), end: doc.doc.positionAt(to.endIndex) });
  for (const node of doc.tree.rootNode.namedChildren) {
    if (!node) continue;
    const fn = functionOf(node);
    const name = fn?.childForFieldName('name');
    if (fn && name) {
      const range = rangeOf(fn, name);
      defs.set(name.text, range);
      if (name.text === 'sweep') sweep = { range, function: 'sweep' };
      continue;
    }
    const assignment = node.type === 'expression_statement' ? node.namedChildren[0] : undefined;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    const right = assignment?.childForFieldName('right');
    if (left?.text === 'sweep' && right) {
      // `sweep = sweep_best`: the lens goes on sweep_best's def; anything dynamic, on the assignment.
      const target = right.type === 'identifier' ? defs.get(right.text) : undefined;
      sweep = target ? { range: target, function: right.text } : { range: rangeOf(assignment!, left), function: right.text };
    }
  }
  const hyper = defs.get('get_hyper');
  return { getConfig: defs.get('get_config'), sweep: sweep ?? (hyper && { range: hyper, function: 'get_hyper' }) };
}

/** The sweep lens's command for a listing. */
export function sweepCommand(uri: string, result: SweepResult): Command {
  if (result.ok) {
    const n = result.runs.length;
    const args: RunSweepArgs = { uri, function: result.function, runs: n };
    return { title: `Run sweep (${n} run${n === 1 ? '' : 's'})`, command: BigVisionCommand.runSweep, arguments: [args] };
  }
  const e = result.error;
  const where = e.line === null ? '' : ` at line ${e.line}`;
  // No command id: the lens is a label, and clicking it launches nothing that would fail.
  return { title: `Sweep: error${where} (${e.type})`, command: '', tooltip: `${e.type}: ${e.message}` };
}

interface Listing {
  version: number;
  result: Promise<SweepResult>;
  controller: AbortController;
  /** Set once the listing is in. */
  done?: SweepResult;
}

export class CodeLensService {
  private readonly listings = new Map<string, Listing>();
  private timeoutMs?: number;

  constructor(private readonly engine: () => ConfigEngine) {}

  /** A new time limit or checkout changes what a sweep lists: list again. */
  configure(timeoutMs: number): void {
    this.timeoutMs = timeoutMs;
    for (const uri of [...this.listings.keys()]) this.forget(uri);
  }

  doCodeLens(doc: ConfigDocument): CodeLens[] {
    try {
      const targets = lensTargets(doc);
      const lenses: CodeLens[] = [];
      if (targets.getConfig) {
        const args: ConfigCommandArgs = { uri: doc.uri };
        for (const [title, command] of [['Run', BigVisionCommand.runConfig], ['Run on TPU', BigVisionCommand.runOnTpu], ['Check', BigVisionCommand.checkConfig]] as const) {
          lenses.push({ range: targets.getConfig, command: { title, command, arguments: [args] } });
        }
      }
      if (targets.sweep) {
        const listing = this.listing(doc);
        const data: SweepLensData = { uri: doc.uri, version: doc.version, function: targets.sweep.function };
        lenses.push(listing.done ? { range: targets.sweep.range, command: sweepCommand(doc.uri, listing.done) } : { range: targets.sweep.range, data });
      }
      return lenses;
    } catch (err) {
      console.error(`code lenses of ${doc.file} failed: ${(err as Error).stack ?? String(err)}`);
      return [];
    }
  }

  /** Fills in the sweep lens's title once the document's current version is listed. */
  async resolveCodeLens(doc: ConfigDocument | undefined, lens: CodeLens, token?: CancellationToken): Promise<CodeLens> {
    if (lens.command || !doc) return lens;
    try {
      // An edit during the wait stops that listing and starts one for the new text: wait for that one instead.
      for (let tries = 0; tries < 5 && !token?.isCancellationRequested; tries++) {
        const listing = this.listing(doc);
        const result = await listing.result;
        if (!listing.controller.signal.aborted) return { ...lens, command: sweepCommand(doc.uri, result) };
      }
      return lens;
    } catch (err) {
      console.error(`sweep lens of ${doc.file} failed: ${(err as Error).stack ?? String(err)}`);
      return lens;
    }
  }

  /** Stops listing a closed document and drops its listing. */
  forget(uri: string): void {
    this.listings.get(uri)?.controller.abort();
    this.listings.delete(uri);
  }

  /** The listing of the document's current version, started when there is none (an older one is stopped). */
  private listing(doc: ConfigDocument): Listing {
    const have = this.listings.get(doc.uri);
    if (have?.version === doc.version) return have;
    have?.controller.abort();
    const controller = new AbortController();
    const listing: Listing = {
      version: doc.version,
      controller,
      result: expandSweep(this.engine(), doc.file, undefined, doc.text, { signal: controller.signal, timeoutMs: this.timeoutMs }),
    };
    void listing.result.then((r) => {
      // A listing stopped by a newer version says "cancelled"/"timed out"; it is never shown.
      if (this.listings.get(doc.uri) === listing && !controller.signal.aborted) listing.done = r;
    });
    this.listings.set(doc.uri, listing);
    return listing;
  }
}
