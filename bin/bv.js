#!/usr/bin/env node
// Entry point of the `bv` command: the bundled CLI lives in dist/ (built by `npm ci` through `prepare`).
const path = require('path');
const fs = require('fs');
const bundle = path.join(__dirname, '..', 'dist', 'runtime', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`bv: ${bundle} is missing; run \`npm run build\` in ${path.dirname(__dirname)} first.\n`);
  process.exit(2);
}
require(bundle).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`bv: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 2; },
);
