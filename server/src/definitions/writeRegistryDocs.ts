/**
 * Build step (scripts/build.mjs bundles and runs it): writes the registry's reference files and their index into
 * the folder named on the command line (dist/registry), read-only, since they are a reference to read.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_FILE, registryDocs } from './registryDocs';

const dir = process.argv[2];
if (!dir) throw new Error('usage: writeRegistryDocs <folder>');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const docs = registryDocs();
for (const [name, text] of Object.entries(docs.files)) {
  writeFileSync(join(dir, name), text);
  chmodSync(join(dir, name), 0o444);
}
writeFileSync(join(dir, INDEX_FILE), JSON.stringify(docs.index));
