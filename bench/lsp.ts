/**
 * Language server speed over real LSP (stdio JSON-RPC, the built bundle when present): cold start to first
 * diagnostics; edit → diagnostics p50/p95 on the largest config in configs/ and on the largest upstream config
 * (with BV_UPSTREAM_DIR), both as compute inside the server (`bigVision/analysisStats`) and end to end including
 * the debounce (a lone edit starts an analysis at once; the last edit of a burst waits out the debounce);
 * completion p50/p95 after `config.`; server RSS.
 * Targets: cold <= 2500 ms, compute p95 <= 16 ms, end to end p95 <= 75 ms, completion p95 <= 10 ms.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { definesGetConfig } from '../runtime/src/config/definesGetConfig';
import type { AnalysisStats } from '../server/src/protocol';
import { fileUri, LspClient, REPO } from '../test/integration/lspClient';

const EDITS = Number(process.env.BV_BENCH_EDITS ?? 80);
const BURSTS = 30;
const COMPLETIONS = 300;
const TARGET = { cold: 2500, compute: 16, e2e: 75, completion: 10 };

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (x: number): string => x.toFixed(1).padStart(7);
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
let misses = 0;
function report(label: string, xs: number[], target?: number): void {
  const p95 = pct(xs, 95);
  const ok = target === undefined || p95 <= target;
  if (!ok) misses++;
  console.log(`  ${label.padEnd(34)} p50 ${f(pct(xs, 50))} ms  p95 ${f(p95)} ms${target === undefined ? '' : `  target p95 <= ${target} ms ${verdict(ok)}`}`);
}

function largest(files: string[]): string {
  return files.map((file) => ({ file, size: fs.statSync(file).size })).sort((a, b) => b.size - a.size)[0].file;
}

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pyFiles(p));
    else if (e.name.endsWith('.py') && definesGetConfig(fs.readFileSync(p, 'utf8'))) out.push(p);
  }
  return out;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Edits a digit of the first integer literal assigned in get_config back and forth, one keystroke each. */
async function editLoop(client: LspClient, file: string): Promise<void> {
  const text = fs.readFileSync(file, 'utf8');
  const uri = fileUri(file);
  const first = await client.open(uri, text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => /^\s+\w+(?:\.\w+)+\s*=\s*\d/.test(l));
  const character = lines[line].search(/=\s*\d/) + lines[line].slice(lines[line].search(/=\s*\d/)).search(/\d/);
  const digit = lines[line][character];
  const e2e: number[] = [];
  const compute: number[] = [];
  const evaluate: number[] = [];
  const python: number[] = [];
  const check: number[] = [];
  let ok = 0;
  for (let i = 0; i < EDITS; i++) {
    const t0 = performance.now();
    const version = await client.change(uri, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: i % 2 ? digit : digit === '9' ? '8' : String(Number(digit) + 1) }]);
    await client.waitForDiagnostics(uri, version);
    e2e.push(performance.now() - t0);
    const s = await client.request<AnalysisStats | null>('bigVision/analysisStats', { uri });
    if (s && s.version === version) {
      compute.push(s.computeMs);
      evaluate.push(s.evaluateMs);
      if (s.pythonMs !== null) python.push(s.pythonMs);
      check.push(s.checkMs);
      if (s.ok) ok++;
    }
  }
  // A typing burst: three keystrokes sent back to back; measured from the last one (includes the debounce).
  const burst: number[] = [];
  let last = digit;
  for (let i = 0; i < BURSTS; i++) {
    let t0 = 0;
    let version = 0;
    for (let k = 0; k < 3; k++) {
      last = last === '9' ? '8' : String(Number(last) + 1);
      t0 = performance.now();
      version = await client.change(uri, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: last }]);
    }
    await client.waitForDiagnostics(uri, version);
    burst.push(performance.now() - t0);
  }
  const rel = path.relative(REPO, file).startsWith('..') ? file : path.relative(REPO, file);
  console.log(`${rel} (${lines.length} lines, ${first?.diagnostics.length ?? 0} diagnostics, ${ok}/${EDITS} evaluations ok, edit at line ${line + 1})`);
  report('edit → diagnostics, end to end', e2e, TARGET.e2e);
  report('  last edit of a burst (debounced)', burst, TARGET.e2e);
  report('compute inside the server', compute, TARGET.compute);
  report('  engine call (wall)', evaluate);
  report('  Python (engine-reported)', python);
  report('  checks + diagnostics', check);
  await client.close(uri);
}

async function main(): Promise<void> {
  const bundle = fs.existsSync(path.join(REPO, 'dist', 'server', 'server.js'));
  console.log(`server: ${bundle ? 'dist/server/server.js (bundle)' : 'server/src/server.ts via tsx (no bundle: run `npm run build`)'}, ${EDITS} edits`);
  const configs = pyFiles(path.join(REPO, 'configs'));
  const ours = largest(configs);

  const t0 = performance.now();
  const client = await LspClient.start({ bundle });
  const tInit = performance.now() - t0;
  const first = await client.open(fileUri(ours), fs.readFileSync(ours, 'utf8'));
  const cold = performance.now() - t0;
  if (cold > TARGET.cold) misses++;
  console.log(`cold start to first diagnostics: ${cold.toFixed(0)} ms (initialize ${tInit.toFixed(0)} ms, ${first?.diagnostics.length} diagnostics) target <= ${TARGET.cold} ms ${verdict(cold <= TARGET.cold)}`);
  await client.close(fileUri(ours));

  await editLoop(client, ours);
  const upstreamDir = process.env.BV_UPSTREAM_DIR;
  if (upstreamDir) {
    const root = [path.join(upstreamDir, 'big_vision', 'big_vision', 'configs'), path.join(upstreamDir, 'big_vision', 'configs')].find((d) => fs.existsSync(d));
    if (root) await editLoop(client, largest(pyFiles(root)));
    else console.log(`BV_UPSTREAM_DIR=${upstreamDir} holds no big_vision/configs: upstream config skipped`);
  } else {
    console.log('BV_UPSTREAM_DIR not set: upstream config skipped');
  }

  // Completion after `config.` on a line of the config (top-level keys: real items).
  const text = fs.readFileSync(ours, 'utf8');
  const uri = fileUri(ours);
  await client.open(uri, text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => /^\s+config\.\w+/.test(l));
  const character = lines[line].indexOf('config.') + 'config.'.length;
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < COMPLETIONS; i++) {
    const s = performance.now();
    const r = await client.request<{ items: unknown[] }>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    times.push(performance.now() - s);
    items = r.items.length;
  }
  console.log(`completion after \`config.\` (${items} items, line ${line + 1})`);
  report('completion request, end to end', times, TARGET.completion);
  if (items === 0) {
    console.log('  MISS: completion returned no items');
    misses++;
  }
  console.log(`server RSS: ${rssMb(client.process.pid!).toFixed(0)} MB (process incl. the pyodide worker thread)`);
  await client.stop();
  console.log(misses ? `${misses} target(s) missed` : 'all targets met');
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
