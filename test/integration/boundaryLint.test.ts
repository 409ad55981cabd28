/**
 * The boundaries between runtime/, server/ and client/ are lint rules (eslint.config.mjs): planted files that
 * cross them are fed to ESLint's Node API under paths of the side they would sit in, and the rule must fire;
 * imports through the runtime's public entry points must pass.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { REPO } from './lspClient';

let eslint: ESLint | undefined;

/** The `no-restricted-imports` messages ESLint reports for `code` placed at `file` (relative to the repo). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  // One instance: loading the config and its parsers is most of the time.
  eslint ??= new ESLint({ cwd: REPO });
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('boundary lint', function () {
  this.timeout(60000);

  const violations: { file: string; code: string; want: RegExp }[] = [
    { file: 'runtime/src/train/planted.ts', code: "import * as vscode from 'vscode';\nexport const w = vscode.window;\n", want: /runs without VS Code/ },
    { file: 'runtime/src/check/planted.ts', code: "import type { ServerInit } from '../../../server/src/serverInit';\nexport type S = ServerInit;\n", want: /must not import client\/ or server\// },
    { file: 'server/src/services/planted.ts', code: "import { window } from 'vscode';\nexport const w = window;\n", want: /speaks LSP/ },
    { file: 'server/src/services/planted.ts', code: "import { resolveTrainConfig } from '../../../runtime/src/train/trainConfig';\nexport const r = resolveTrainConfig;\n", want: /does not load the trainer/ },
    { file: 'server/src/planted.ts', code: "import { ConfigEngine } from '../../runtime/src/config/engine';\nexport const E = ConfigEngine;\n", want: /public entry points/ },
    { file: 'server/src/planted.ts', code: "import type { KeySpec } from '../../runtime/src/registry/types';\nexport type K = KeySpec;\n", want: /public entry points/ },
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
      "import { ppOps } from '../../../runtime/src/registry';",
      "import { expandSweep } from '../../../runtime/src/runs/sweep';",
      'export const used = [ConfigEngine, checkConfig, cursorContext, ppOps, expandSweep];',
      '',
    ].join('\n');
    assert.deepEqual(await boundaryErrors('server/src/services/planted.ts', code), []);
  });
});
