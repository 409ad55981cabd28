/**
 * The check the editor runs before starting a run, over real stdio: the config evaluated with the run's arg and
 * overrides (unsaved text included), its problems as `bv check FILE:ARG` reports them, and an arg or override
 * that does not parse as one error naming the file and line or the flag.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BigVisionMethod, type CheckRunResult } from '../../server/src/protocol';
import { fileUri, LspClient } from './lspClient';
import { useLspWorkspace } from './lspFixtures';

const ROOT = path.resolve(__dirname, '..', '..');
/** The shipped MNIST demo: `steps` is its arg, and its warmup is 30 steps. */
const CONFIG = fs.readFileSync(path.join(ROOT, 'configs', 'mnist_vit.py'), 'utf8');
const lineOf = (text: string) => CONFIG.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('pre-run check over stdio (bigVision/checkRun)', function () {
  this.timeout(60000);
  const { ws, client: started } = useLspWorkspace();
  let client: LspClient;
  beforeEach(() => {
    client = started();
  });

  const check = (uri: string, arg: string | undefined, overrides: string[] = []) =>
    client.request<CheckRunResult>(BigVisionMethod.checkRun, { uri, ...(arg !== undefined ? { arg } : {}), overrides });

  it('checks the config with the run\'s arg, not the editor\'s default one', async () => {
    const file = ws.file('run.py');
    fs.writeFileSync(file, CONFIG);
    const uri = fileUri(file);
    assert.deepEqual((await check(uri, undefined)).problems.filter((p) => p.severity === 'error'), []);
    // warmup >= steps: upstream's schedule asserts; the run must not start.
    const bad = await check(uri, 'steps=20');
    const errors = bad.problems.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(bad));
    assert.equal(errors[0].file, file);
    assert.equal(errors[0].line, lineOf('warmup_steps='));
    assert.match(errors[0].message, /[Ww]armup/);
  });

  it('an arg that does not parse, or a bad override, is one error naming the line or the flag', async () => {
    const file = ws.file('args.py');
    fs.writeFileSync(file, CONFIG);
    const uri = fileUri(file);
    const badArg = await check(uri, 'steps=many');
    assert.ok(badArg.error, JSON.stringify(badArg));
    assert.equal(badArg.error.file, file);
    assert.equal(badArg.error.line, lineOf('bvcc.parse_arg('));
    assert.match(badArg.error.message, /many/);
    const badFlag = await check(uri, undefined, ['lrr=0.1']);
    assert.ok(badFlag.error);
    assert.match(badFlag.error.message, /^--config\.lrr=0\.1: config has no field 'lrr'/);
  });

  it('checks the editor\'s unsaved text', async () => {
    const file = ws.file('unsaved.py');
    fs.writeFileSync(file, CONFIG);
    const uri = fileUri(file);
    await client.open(uri, CONFIG.replace("decay_type='cosine'", "decay_type='cosin'"));
    const result = await check(uri, undefined);
    assert.ok(result.problems.some((p) => p.severity === 'error' && /cosin/.test(p.message)), JSON.stringify(result.problems));
  });
});
