// The command table: each id has a handler for a running and for a stopped server, and failures reach the user.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CommandId, runCommand, type CommandCtx, type CommandFactory } from './commands';

function fakeCtx(running: boolean): CommandCtx & { calls: string[] } {
  const calls: string[] = [];
  return {
    running,
    calls,
    restartServer: async () => void calls.push('restart'),
    showOutput: () => void calls.push('output'),
    showError: (message: string) => void calls.push(`error: ${message}`),
  };
}

describe('commands', () => {
  it('package.json contributes exactly the ids of the table', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const contributed = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(CommandId).sort());
    assert.deepEqual(Object.keys(COMMANDS).sort(), Object.values(CommandId).sort());
  });

  for (const running of [true, false]) {
    it(`restartServer and showOutput work while the server is ${running ? 'running' : 'stopped'}`, async () => {
      const ctx = fakeCtx(running);
      await runCommand(CommandId.restartServer, ctx);
      await runCommand(CommandId.showOutput, ctx);
      assert.deepEqual(ctx.calls, ['restart', 'output']);
    });
  }

  it('a command without a disabled variant tells the user the server is not running', async () => {
    const table = { ...COMMANDS, [CommandId.showOutput]: { enabled: (c) => () => c.showOutput() } as CommandFactory };
    const ctx = fakeCtx(false);
    await runCommand(CommandId.showOutput, ctx, table);
    assert.equal(ctx.calls.length, 1);
    assert.match(ctx.calls[0], /^error: .*bigVision\.showOutput.*not running.*Restart Language Server/);
  });

  it('reports a failing command instead of throwing', async () => {
    const ctx = fakeCtx(true);
    ctx.restartServer = async () => {
      throw new Error('spawn node ENOENT');
    };
    await runCommand(CommandId.restartServer, ctx);
    assert.deepEqual(ctx.calls, ["error: Big Vision: 'bigVision.restartServer' failed: spawn node ENOENT"]);
  });
});
