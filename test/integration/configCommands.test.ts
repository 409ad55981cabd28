/**
 * Every config in configs/ opens with the command that runs it (`# COMMAND: ...`, one line), and that command
 * works as written: `bv check` finds no error in the config with the command's argument and overrides, a
 * `bv train` command passes the bundled trainer's pre-run gate, and the `# ENGINE:` line names the command's engine.
 * (ImageNet-scale recipes name upstream even where the bundled trainer could run them: the scale,
 * not the gate, picks their engine.) Nothing is trained.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findConfigFiles, runCheck } from '../../runtime/src/cli/check';
import { configCommands } from '../../runtime/src/cli/configCommand';
import { splitConfigArg } from '../../runtime/src/cli/configFlags';
import { formatProblem, preRunGate } from '../../runtime/src/cli/problemReport';

const REPO = path.resolve(__dirname, '..', '..');

describe('the COMMAND line of every config in configs/', function () {
  this.timeout(120000);
  // No datasets: the commands must pass wherever they are read, data or not.
  const tfdsDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-commands-'));
  after(() => fs.rmSync(tfdsDataDir, { recursive: true, force: true }));

  const files = findConfigFiles(path.join(REPO, 'configs'));
  it('finds the configs', () => assert.ok(files.length >= 7, `${files.length} configs`));

  for (const file of files) {
    const name = path.relative(REPO, file);
    it(`${name}: its command runs it on the right engine, without errors`, async () => {
      const commands = configCommands(fs.readFileSync(file, 'utf8'));
      assert.equal(commands.length, 1, `${name} should have one '# COMMAND:' line with the command on it`);
      const [command] = commands;
      const { file: target, arg } = splitConfigArg(command.config);
      assert.equal(path.resolve(REPO, target), file, `${name}:${command.line}: the command runs ${target}, not this file`);
      assert.ok(command.workdir, `${name}:${command.line}: no --workdir`);
      const problems = await runCheck([{ file, arg }], { tfdsDataDir, overrides: command.overrides });
      const errors = problems.filter((p) => p.severity === 'error');
      assert.deepEqual(errors.map((p) => formatProblem(p, REPO)), [], `${name}:${command.line}: ${command.text}`);
      const gate = preRunGate(problems, REPO, command.config);
      if (command.engine === 'bundled') {
        assert.equal(gate.blocked, false, `bv train refuses ${name}:\n${gate.lines.join('\n')}`);
      }
      // The ENGINE line says in words which engine the command runs on.
      const engineLine = /^# ENGINE: (.*)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '';
      assert.match(engineLine, command.engine === 'bundled' ? /^the bundled trainer/ : /^upstream big_vision/, `${name}: its '# ENGINE:' line should name the engine of its COMMAND (${command.engine})`);
    });
  }
});
