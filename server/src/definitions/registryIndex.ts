/**
 * Where go to definition finds a registry name: the reference files written at build time (dist/registry beside
 * the server bundle, in the repository and in the installed .vsix alike), read once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location } from 'vscode-languageserver';
import { INDEX_FILE, type DocEntry, type DocNamespace } from './registryDocs';

/** The reference folder's place relative to the folder holding the server's `dist/` (or the repository root). */
const REFERENCE_DIR = path.join('dist', 'registry');

/** The nearest `dist/registry` at or above `from` (dist/server in the bundle, server/src/definitions in sources). */
export function findReferenceDir(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, REFERENCE_DIR);
    if (fs.existsSync(path.join(candidate, INDEX_FILE))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export class RegistryIndex {
  private loaded?: { dir: string; index: Record<DocNamespace, Record<string, DocEntry>> } | null;

  constructor(private readonly from: string = __dirname) {}

  /** The entry of `name` in namespace `ns`, as a location; null when the name or the reference files are missing. */
  locate(ns: DocNamespace, name: string): Location | null {
    const ref = this.load();
    const entry = ref && Object.hasOwn(ref.index[ns], name) ? ref.index[ns][name] : undefined;
    if (!ref || !entry) return null;
    const position = { line: entry.line, character: entry.character };
    return { uri: pathToFileURL(path.join(ref.dir, entry.file)).href, range: { start: position, end: { ...position, character: position.character + entry.length } } };
  }

  private load(): { dir: string; index: Record<DocNamespace, Record<string, DocEntry>> } | null {
    if (this.loaded !== undefined) return this.loaded;
    const dir = findReferenceDir(this.from);
    try {
      this.loaded = dir ? { dir, index: JSON.parse(fs.readFileSync(path.join(dir, INDEX_FILE), 'utf8')) as Record<DocNamespace, Record<string, DocEntry>> } : null;
    } catch (err) {
      console.error(`reading the registry reference in ${dir} failed: ${String(err)}`);
      this.loaded = null;
    }
    if (!this.loaded) console.error(`no registry reference (${REFERENCE_DIR}/${INDEX_FILE}) above ${this.from}: run \`npm run build\``);
    return this.loaded;
  }
}
