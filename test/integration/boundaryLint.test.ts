/**
 * The boundaries between runtime/, server/ and client/ are lint rules (eslint.boundaries.mjs, spread into
 * eslint.config.mjs): planted files that cross them are fed to ESLint's Node API under paths of the side they
 * would sit in, and the rule must fire; imports through the runtime's public entry points must pass. The rules
 * are linted alone (plain imports need no TypeScript parser, whose loading would be most of the time).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { REPO } from './lspClient';

const RULES_FILE = path.join(REPO, 'eslint.boundaries.mjs');
let eslint: ESLint | undefined;

/** The `no-restricted-imports` messages the boundary rules report for `code` placed at `file` (repo-relative). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  if (!eslint) {
    const { default: boundaries } = (await import(pathToFileURL(RULES_FILE).href)) as { default: Linter.Config[] };
    eslint = new ESLint({ cwd: REPO, overrideConfigFile: true, overrideConfig: boundaries });
  }
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  assert.deepEqual(result.messages.filter((m) => m.fatal), [], 'the planted file does not parse');
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('boundary lint', function () {
  this.timeout(60000);

  it('is part of the project lint config', () => {
    const config = fs.readFileSync(path.join(REPO, 'eslint.config.mjs'), 'utf8');
    assert.match(config, /import boundaries from '\.\/eslint\.boundaries\.mjs'/);
    assert.match(config, /^\s*\.\.\.boundaries,/m);
  });

  const violations: { file: string; code: string; want: RegExp }[] = [
    { file: 'runtime/src/train/planted.ts', code: "import * as vscode from 'vscode';\nexport const w = vscode.window;\n", want: /runs without VS Code/ },
    { file: 'runtime/src/check/planted.ts', code: "import { ServerInit } from '../../../server/src/serverInit';\nexport const S = ServerInit;\n", want: /must not import client\/ or server\// },
    { file: 'server/src/services/planted.ts', code: "import { window } from 'vscode';\nexport const w = window;\n", want: /speaks LSP/ },
    { file: 'server/src/services/planted.ts', code: "import { resolveTrainConfig } from '../../../runtime/src/train/trainConfig';\nexport const r = resolveTrainConfig;\n", want: /does not load the trainer/ },
    { file: 'server/src/planted.ts', code: "import { ConfigEngine } from '../../runtime/src/config/engine';\nexport const E = ConfigEngine;\n", want: /public entry points/ },
    { file: 'server/src/planted.ts', code: "import { keySpec } from '../../runtime/src/registry/schema/keySpec';\nexport const k = keySpec;\n", want: /public entry points/ },
  ];
  for (const v of violations) {
    it(`refuses in ${v.file}: ${v.code.split('\n')[0]}`, async () => {
      const errors = await boundaryErrors(v.file, v.code);
      assert.ok(errors.some((e) => v.want.test(e)), `no boundary error matching ${v.want}; got ${JSON.stringify(errors)}`);
    });
  }

  it('accepts the public entry points', async () => {
    const code = [
      "import { ConfigEngine } from '../../../runtime/src/config';",
      "import { checkConfig } from '../../../runtime/src/check';",
      "import { cursorContext } from '../../../runtime/src/pyparse';",
      "import { pyFloat } from '../../../runtime/src/pysyntax';",
      "import { ppOps } from '../../../runtime/src/registry';",
      "import { expandSweep } from '../../../runtime/src/runs/sweep';",
      'export const used = [ConfigEngine, checkConfig, cursorContext, pyFloat, ppOps, expandSweep];',
      '',
    ].join('\n');
    assert.deepEqual(await boundaryErrors('server/src/services/planted.ts', code), []);
  });
});
