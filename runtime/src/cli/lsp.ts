/**
 * `bv lsp --stdio`: starts the bundled language server in this process. The runtime never imports the server's
 * code; it loads the server bundle that the build puts beside the runtime bundle (dist/server/server.js).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function lspCommand(): Promise<number> {
  const bundle = path.join(__dirname, '..', 'server', 'server.js');
  if (!fs.existsSync(bundle)) {
    process.stderr.write(`bv lsp: ${bundle} is missing; run \`npm run build\` first.\n`);
    return 2;
  }
  // The server listens on stdin/stdout and keeps the process alive until the client says exit.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle loaded by path at run time
  require(bundle);
  return 0;
}
