/**
 * Copies a tree of files to a worker, sending only what differs: the worker lists SHA-256 hashes of what it has
 * (`sha256sum`, one command), and only files whose hash differs are uploaded, each written beside its final name
 * and renamed over it (a connection lost mid-file leaves the old file, never half a new one). Files the tree no
 * longer has are removed from the `prune` folders, so a module deleted locally does not linger on the worker. Local
 * hashes are cached by path, size and mtime for the life of the process. `__pycache__` folders are the workers' own
 * (Python writes them at each import): never hashed, never pruned, so a warm start neither recompiles nor rehashes.
 *
 * Each command is a round trip to the worker (tens of milliseconds over the internet, and a shell started there):
 * the folders can be made by the caller's earlier command (`dirsMade`), and the caller's next command can ride on
 * the one that places the files (`then`).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fanOutSettled } from './ssh/fanout';
import { shellQuote, type SshSession } from './ssh/session';

/** One file to place at `rel` (a POSIX path below the remote folder): a local file or content in memory. */
export interface SyncFile {
  rel: string;
  local?: string;
  content?: string | Buffer;
  mode?: number;
}

export interface SyncResult {
  files: number;
  uploaded: number;
  bytes: number;
  removed: number;
  /** What the `then` command printed ('' without one). */
  output: string;
}

const hashCache = new Map<string, { size: number; mtimeMs: number; sha: string }>();

/** Files up to this size, up to this much in all, are written by the placing command itself (base64 in it; a
 * command line is one argument, which Linux caps at 128 KiB). */
const INLINE_FILE = 8 << 10;
const INLINE_TOTAL = 24 << 10;

function fileBytes(f: SyncFile): Buffer {
  return f.content !== undefined ? Buffer.from(f.content) : fs.readFileSync(f.local as string);
}

function sha256(f: SyncFile): { sha: string; size: number } {
  if (f.content !== undefined) {
    const buf = fileBytes(f);
    return { sha: createHash('sha256').update(buf).digest('hex'), size: buf.length };
  }
  const file = f.local as string;
  const st = fs.statSync(file);
  const hit = hashCache.get(file);
  if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return { sha: hit.sha, size: st.size };
  const sha = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  hashCache.set(file, { size: st.size, mtimeMs: st.mtimeMs, sha });
  return { sha, size: st.size };
}

/** Every file below `dir` (relative POSIX paths), skipping what `skip` matches (tested on each relative path). */
export function listTree(dir: string, skip: (rel: string) => boolean = () => false, prefix = ''): SyncFile[] {
  const out: SyncFile[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (skip(rel)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTree(full, skip, rel));
    else if (e.isFile()) out.push({ rel, local: full, mode: fs.statSync(full).mode & 0o777 });
  }
  return out;
}

/** Parses `sha256sum` lines of files listed as `./rel` (or `rel`) into `rel → sha`. */
export function parseHashes(out: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](?:\.\/)?(.+)$/.exec(line);
    if (m && !m[2].endsWith('.bv-upload')) hashes.set(m[2], m[1]);
  }
  return hashes;
}

/** A shell command printing the hashes of the files below `dirs` (relative to the current folder) that exist. */
export function hashCommand(dirs: readonly string[]): string {
  return `for d in ${dirs.map(shellQuote).join(' ')}; do [ -d "$d" ] && find "$d" -name __pycache__ -prune -o -type f ! -name '*.bv-upload' -print0; done | xargs -0 -r sha256sum`;
}

/** The remote files' hashes (`rel → sha`) of `remoteDir`, made if missing. */
async function remoteHashes(s: SshSession, remoteDir: string): Promise<Map<string, string>> {
  return parseHashes(await s.run(`mkdir -p ${shellQuote(remoteDir)} && cd ${shellQuote(remoteDir)} && ${hashCommand(['.'])}`, `listing ${remoteDir}`));
}

export interface SyncOptions {
  /** Folders (relative to the remote folder) whose files not in the list are removed; `['.']`: all. */
  prune?: readonly string[];
  /** Uploads at a time. */
  concurrency?: number;
  /** What the remote folder holds (`rel → sha`), when the caller listed it already (saves a round trip). */
  have?: Map<string, string>;
  /** The caller made every file's folder already (`mkdirCommand`, in the command that listed `have`). */
  dirsMade?: boolean;
  /** A command run in the remote folder after the files are in place, in the same round trip; its stdout is the
   * result's `output`, and a failure is reported as `what`. */
  then?: { script: string; what: string };
}

/** Makes `remoteDir` hold `files` (and, in the `prune` folders, nothing else). */
export async function syncTree(s: SshSession, remoteDir: string, files: readonly SyncFile[], opts: SyncOptions = {}): Promise<SyncResult> {
  const have = opts.have ?? (await remoteHashes(s, remoteDir));
  const todo = files.map((f) => ({ f, ...sha256(f) })).filter((x) => have.get(x.f.rel) !== x.sha);
  // Folders holding a listed file exist already.
  const present = new Set([...have.keys()].flatMap((rel) => ancestors(rel)));
  const dirs = opts.dirsMade ? [] : folders(todo.map((x) => x.f)).filter((d) => !present.has(d));
  if (dirs.length) await s.run(`cd ${shellQuote(remoteDir)} && ${mkdirCommand(dirs)}`, `making folders in ${remoteDir}`);
  // Small files ride in the command that places the files (no SFTP channel, no round trip of their own): on a warm
  // start that is usually all there is (the run's config).
  const inline = new Set<(typeof todo)[number]>();
  let budget = INLINE_TOTAL;
  for (const x of todo) {
    if (x.size > INLINE_FILE || x.size > budget) continue;
    inline.add(x);
    budget -= x.size;
  }
  const writes = [...inline].map((x) => `printf %s ${shellQuote(fileBytes(x.f).toString('base64'))} | base64 -d > ${shellQuote(`${x.f.rel}.bv-upload`)} && chmod ${(x.f.mode ?? 0o644).toString(8)} ${shellQuote(`${x.f.rel}.bv-upload`)}`);
  const settled = await fanOutSettled(todo.filter((x) => !inline.has(x)), opts.concurrency ?? 4, async ({ f }) => {
    const final = path.posix.join(remoteDir, f.rel);
    const tmp = `${final}.bv-upload`;
    if (f.content !== undefined) await s.writeFile(tmp, f.content, f.mode ?? 0o644);
    else await s.upload(f.local as string, tmp, f.mode ?? 0o644);
    return tmp;
  });
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const renames = todo.map((x) => `mv -f -- ${shellQuote(`${x.f.rel}.bv-upload`)} ${shellQuote(x.f.rel)}`);
  const wanted = new Set(files.map((f) => f.rel));
  const pruned = (rel: string) => (opts.prune ?? []).some((d) => d === '.' || rel.startsWith(`${d}/`));
  const extra = [...have.keys()].filter((rel) => !wanted.has(rel) && pruned(rel));
  const removes = extra.length ? [`rm -f -- ${extra.map(shellQuote).join(' ')}`] : [];
  // Chunks keep each command line well below the kernel's limit; the last one carries `then`.
  const commands = [...writes, ...renames, ...removes];
  const chunks: string[] = [];
  for (let i = 0; i < commands.length; i += 200) chunks.push(commands.slice(i, i + 200).join(' && '));
  let output = '';
  for (const [i, chunk] of chunks.entries()) {
    const last = i === chunks.length - 1 && opts.then;
    output = await s.run(`cd ${shellQuote(remoteDir)} && ${chunk}${last ? ` || exit 1\n${last.script}` : ''}`, last ? `placing files in ${remoteDir}, then ${last.what}` : `placing files in ${remoteDir}`);
  }
  if (!chunks.length && opts.then) output = await s.run(`cd ${shellQuote(remoteDir)} || exit 1\n${opts.then.script}`, opts.then.what);
  return { files: files.length, uploaded: todo.length, bytes: todo.reduce((n, x) => n + x.size, 0), removed: extra.length, output };
}

/** The folders (below the sync's folder) that `files` go in. */
export function folders(files: readonly SyncFile[]): string[] {
  return [...new Set(files.map((f) => path.posix.dirname(f.rel)).filter((d) => d !== '.'))];
}

/** The folders above `rel` (`a/b/c` → `a/b`, `a`). */
function ancestors(rel: string): string[] {
  const out: string[] = [];
  for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) out.push(d);
  return out;
}

/** A shell command making `dirs` (relative to the current folder). */
export function mkdirCommand(dirs: readonly string[]): string {
  return `mkdir -p -- ${dirs.map(shellQuote).join(' ')}`;
}
