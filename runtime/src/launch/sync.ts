/**
 * Copies a tree of files to a worker, sending only what differs: the worker lists SHA-256 hashes of what it has
 * (`sha256sum`, one command), and only files whose hash differs are uploaded, each written beside its final name
 * and renamed over it (a connection lost mid-file leaves the old file, never half a new one). Files the tree no
 * longer has are removed from the `prune` folders, so a module deleted locally does not linger on the worker. Local
 * hashes are cached by path, size and mtime for the life of the process.
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
}

const hashCache = new Map<string, { size: number; mtimeMs: number; sha: string }>();

function sha256(f: SyncFile): { sha: string; size: number } {
  if (f.content !== undefined) {
    const buf = Buffer.from(f.content);
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
  return `for d in ${dirs.map(shellQuote).join(' ')}; do [ -d "$d" ] && find "$d" -type f ! -name '*.bv-upload' -print0; done | xargs -0 -r sha256sum`;
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
}

/** Makes `remoteDir` hold `files` (and, in the `prune` folders, nothing else). */
export async function syncTree(s: SshSession, remoteDir: string, files: readonly SyncFile[], opts: SyncOptions = {}): Promise<SyncResult> {
  const have = opts.have ?? (await remoteHashes(s, remoteDir));
  const todo = files.map((f) => ({ f, ...sha256(f) })).filter((x) => have.get(x.f.rel) !== x.sha);
  const dirs = [...new Set(todo.map((x) => path.posix.dirname(x.f.rel)).filter((d) => d !== '.'))];
  if (dirs.length) await s.run(`cd ${shellQuote(remoteDir)} && mkdir -p -- ${dirs.map(shellQuote).join(' ')}`, `making folders in ${remoteDir}`);
  const settled = await fanOutSettled(todo, opts.concurrency ?? 4, async ({ f }) => {
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
  // Chunks keep each command line well below the kernel's limit.
  const commands = [...renames, ...removes];
  for (let i = 0; i < commands.length; i += 200) {
    await s.run(`cd ${shellQuote(remoteDir)} && ${commands.slice(i, i + 200).join(' && ')}`, `placing files in ${remoteDir}`);
  }
  return { files: files.length, uploaded: todo.length, bytes: todo.reduce((n, x) => n + x.size, 0), removed: extra.length };
}
