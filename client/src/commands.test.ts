// The command table: each id has a handler for a running and for a stopped server, and failures reach the user.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BigVisionCommand } from '../../server/src/protocol';
import { COMMANDS, CommandId, runCommand, type CommandCtx, type CommandFactory, type RunsCommands } from './commands';

function fakeCtx(running: boolean): CommandCtx & { calls: string[] } {
  const calls: string[] = [];
  // Every run command records its name and arguments.
  const runs = new Proxy({}, { get: (_t, name) => async (...args: unknown[]) => void calls.push(`${String(name)}(${JSON.stringify(args)})`) }) as RunsCommands;
  return {
    running,
    calls,
    restartServer: async () => void calls.push('restart'),
    showOutput: () => void calls.push('output'),
    showError: (message: string) => void calls.push(`error: ${message}`),
    checkConfig: async (arg) => void calls.push(`check(${JSON.stringify(arg)})`),
    runs,
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

  it('registers every command the server\'s code lenses invoke', () => {
    for (const id of Object.values(BigVisionCommand)) assert.ok((Object.values(CommandId) as string[]).includes(id), id);
  });

  it('passes the lens argument or the tree selection to the run commands, with the server up or down', async () => {
    for (const running of [true, false]) {
      const ctx = fakeCtx(running);
      await runCommand(CommandId.runConfig, ctx, COMMANDS, [{ uri: 'file:///c.py' }]);
      await runCommand(CommandId.compare, ctx, COMMANDS, [{ kind: 'run' }, [{ kind: 'run' }, { kind: 'run' }]]);
      assert.deepEqual(ctx.calls, ['runConfig([{"uri":"file:///c.py"}])', 'compare([{"kind":"run"},[{"kind":"run"},{"kind":"run"}]])']);
    }
  });

  it('check needs the server: without it the user is told how to restart it', async () => {
    const up = fakeCtx(true);
    await runCommand(CommandId.checkConfig, up, COMMANDS, [{ uri: 'file:///c.py' }]);
    assert.deepEqual(up.calls, ['check({"uri":"file:///c.py"})']);
    const down = fakeCtx(false);
    await runCommand(CommandId.checkConfig, down, COMMANDS, [{ uri: 'file:///c.py' }]);
    assert.match(down.calls[0], /^error: .*not running/);
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
