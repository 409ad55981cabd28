/**
 * The `bv` command as users start it: from the repo root, and through `npx --prefix <repo>` from any folder with
 * relative paths resolved against that folder. Needs the build (`npm test` builds first).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

describe('bv command line', function () {
  this.timeout(60000);

  it('lists every command in --help', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'bv.js'), '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const command of ['config', 'check', 'train', 'data', 'lsp']) assert.match(r.stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('runs through npx --prefix from another folder, resolving relative paths there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-caller-'));
    fs.writeFileSync(path.join(dir, 'tiny.py'), 'import ml_collections\ndef get_config(arg=None):\n  return ml_collections.ConfigDict({"lr": 0.5, "arg": arg})\n');
    const r = spawnSync('npx', ['--prefix', REPO, 'bv', 'config', 'show', 'tiny.py:x', '--config.lr=2', '--json'], { cwd: dir, encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '{"file":"tiny.py","arg":"x","config":{"arg": "x", "lr": 2.0}}');
  });

  it('exits 1 and prints one error line per failing file, the others still evaluated', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'bv.js'), 'config', 'show', 'test/fixtures/configs/raises.py', 'configs/mnist_vit.py', '--json'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: { type: string; line: number }; config?: unknown });
    assert.equal(lines.length, 2);
    assert.deepEqual([lines[0].error?.type, lines[0].error?.line], ['TypeError', 7]);
    assert.ok(lines[1].config);
  });

  it('bv config show: a missing file is one error naming it, exit 2, before any config is evaluated', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'bv.js'), 'config', 'show', 'configs/mnist_vit.py', 'configs/nope.py:x=1'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '', 'nothing evaluated');
    assert.deepEqual(r.stderr.trim().split('\n'), ['bv config show: configs/nope.py does not exist (pass config files as FILE or FILE:ARG)']);
  });

  it('bv config show prints each config as indented JSON under a header with its argument and overrides', () => {
    const args = ['config', 'show', 'configs/mnist_vit.py:steps=100', '--config.lr=0.5', '--config.model.depth=2'];
    const text = spawnSync(process.execPath, [path.join(REPO, 'bin', 'bv.js'), ...args], { cwd: REPO, encoding: 'utf8' });
    const json = spawnSync(process.execPath, [path.join(REPO, 'bin', 'bv.js'), ...args, '--json'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    const [header, ...body] = text.stdout.trimEnd().split('\n');
    assert.equal(header, '# configs/mnist_vit.py:steps=100 --config.lr=0.5 --config.model.depth=2');
    // As upstream's config.to_json(indent=2) reads: two spaces a level, floats as Python writes them.
    assert.equal(body[0], '{');
    assert.ok(body.includes('  "grad_clip_norm": 1.0,'), body.join('\n'));
    assert.ok(body.includes('  "lr": 0.5,') && body.includes('    "depth": 2,'), body.join('\n'));
    assert.equal(body[body.length - 1], '}');
    const oneLine = json.stdout.trim().split('\n');
    assert.equal(oneLine.length, 1, '--json stays one line per file');
    assert.deepEqual(JSON.parse(body.join('\n')), (JSON.parse(oneLine[0]) as { config: unknown }).config);
  });

  it('bv train lists everything the bundled trainer cannot run, at once, before reading data', () => {
    const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-refused-'));
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'bv.js'), 'train', '--config', 'test/fixtures/check/engine_only.py', '--workdir', workdir], { cwd: REPO, encoding: 'utf8' });
    const written = fs.readdirSync(workdir);
    fs.rmSync(workdir, { recursive: true, force: true });
    assert.equal(r.status, 2, r.stderr);
    for (const what of ["Model 'proj\\.flexi\\.vit'", "Optimizer 'scale_by_rms'", "pp op 'resize_long'"]) {
      assert.match(r.stderr, new RegExp(`^test/fixtures/check/engine_only\\.py:\\d+:\\d+: information engine-only ${what}`, 'm'));
    }
    assert.match(r.stderr, /python -m big_vision\.train --config test\/fixtures\/check\/engine_only\.py/);
    assert.deepEqual(written, []);
  });

  it('bv train lists what bv check reports, in its format, hints and warnings included, before reading data', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-gate-'));
    const config = path.join(dir, 'typo.py');
    // A misspelled duration: a warning with "did you mean" explains the missing-duration error.
    fs.writeFileSync(config, fs.readFileSync(path.join(REPO, 'configs', 'mnist_vit.py'), 'utf8').replace('config.total_steps =', 'config.totl_steps ='));
    const run = (args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'bv.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, TFDS_DATA_DIR: dir } });
    const check = run(['check', 'typo.py']);
    const train = run(['train', '--config', 'typo.py', '--workdir', path.join(dir, 'work')]);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(check.status, 1, check.stderr);
    assert.equal(train.status, 2, train.stderr);
    const checked = check.stdout.trim().split('\n');
    assert.ok(checked.some((l) => /warning unknown-key .*Did you mean 'total_steps'\?/.test(l)), check.stdout);
    assert.ok(checked.some((l) => /error missing-required Missing required duration 'total'/.test(l)), check.stdout);
    const listed = train.stderr.split('\n').filter((l) => l.startsWith('typo.py:'));
    assert.deepEqual(listed, checked);
    assert.doesNotMatch(train.stderr, /Initializing train dataset/);
  });
});
