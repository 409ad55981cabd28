/**
 * Polyak averaging and mixup in the bundled trainer (in-process runs on the tiny generated dataset): the average
 * is a second copy of the params that differs from them, is checkpointed under `params_ema/`, feeds evals that ask
 * for it (`pred_kw=dict(use_ema=True)`), and a run stopped at a checkpoint and resumed ends with exactly the
 * params and average of the uninterrupted run; mixup trains and resumes just as exactly. fewshot_lsr runs on the
 * model's pre_logits with upstream's metric names, and a split it cannot read is refused before anything is written.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCheckpoint } from '../../runtime/src/checkpoint/checkpoint';
import type { Leaf } from '../../runtime/src/checkpoint/zarr';
import { parseMetricsFile } from '../../runtime/src/metrics/contract';
import { train } from '../../runtime/src/train';
import { tinyConfig, writeTinyTfds } from './trainFixture';

const leaves = (tree: Map<string, Leaf>, prefix: string) => [...tree].filter(([k]) => k.startsWith(prefix));
const maxDiff = (a: Leaf, b: Leaf) => {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return m;
};

describe('bv train: ema_decay, mixup and fewshot_lsr (integration)', function () {
  this.timeout(240_000);
  let dir: string;
  let data: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-ema-'));
    data = path.join(dir, 'data');
    await writeTinyTfds(data, 32, 8);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const config = (over: Record<string, unknown>) => {
    const base = tinyConfig(data, { total_steps: 6, ckpt_steps: 2, log_training_steps: 1, ema_decay: 0.8, ...over });
    const test = (base.evals as Record<string, Record<string, unknown>>).test;
    return { ...base, evals: { test, test_ema: { ...test, pred_kw: { use_ema: true } } } } as typeof base;
  };

  /** Runs 6 steps at once and stopped after step 4 then resumed, returning both final checkpoints. */
  async function straightAndResumed(name: string, over: Record<string, unknown>) {
    const straight = path.join(dir, `${name}-straight`);
    const r = await train({ config: config(over), workdir: straight, backend: 'wasm' });
    const resumed = path.join(dir, `${name}-resumed`);
    const stop: { requested: string | undefined } = { requested: undefined };
    const quiet = () => undefined;
    const progress = { note: quiet, metric: quiet, evaluating: quiet, evaluated: quiet, done: quiet, update: (u: { step: number }) => void (u.step === 4 && (stop.requested = 'SIGTERM')) };
    const first = await train({ config: config(over), workdir: resumed, backend: 'wasm', stop, progress });
    assert.deepEqual([first.step, first.stoppedBy], [4, 'SIGTERM']);
    await train({ config: config(over), workdir: resumed, backend: 'wasm' });
    return { r, a: loadCheckpoint(path.join(straight, 'checkpoint.bv')), b: loadCheckpoint(path.join(resumed, 'checkpoint.bv')), straight };
  }

  it('keeps a checkpointed average that differs from the params, evaluated with use_ema, resumed exactly', async () => {
    const { r, a, b, straight } = await straightAndResumed('ema', {});
    const params = leaves(a, 'params/');
    const ema = leaves(a, 'params_ema/');
    assert.ok(params.length > 0 && ema.length === params.length, `${ema.length} params_ema leaves for ${params.length} params`);
    const differs = ema.some(([k, leaf]) => maxDiff(leaf, a.get(`params/${k.slice('params_ema/'.length)}`) as Leaf) > 1e-4);
    assert.ok(differs, 'the average differs from the params after 6 steps');
    for (const [k, leaf] of [...params, ...ema]) assert.equal(maxDiff(leaf, b.get(k) as Leaf), 0, `${k} after resume`);
    assert.ok(r.last.has('test/prec@1') && r.last.has('test_ema/prec@1'));
    const last = parseMetricsFile(fs.readFileSync(path.join(straight, 'big_vision_metrics.txt'), 'utf8')).filter((m) => m.step === 6);
    const loss = (k: string) => last.find((m) => m[k] !== undefined)?.[k];
    assert.notEqual(loss('test/loss'), loss('test_ema/loss'), 'the two evals read different params');
  });

  it('mixup trains with a per-step coefficient and resumes exactly', async () => {
    const { r, a, b } = await straightAndResumed('mixup', { mixup: { p: 0.5, fold_in: null } });
    assert.ok(Number.isFinite(r.last.get('training_loss')));
    for (const [k, leaf] of leaves(a, 'params/')) assert.equal(maxDiff(leaf, b.get(k) as Leaf), 0, `${k} after resume`);
    const plain = path.join(dir, 'plain');
    const p = await train({ config: tinyConfig(data, { total_steps: 6, log_training_steps: 1, ckpt_steps: 6 }), workdir: plain, backend: 'wasm' });
    assert.notEqual(p.last.get('training_loss'), r.last.get('training_loss'), 'mixing changes the loss');
    assert.equal(leaves(loadCheckpoint(path.join(plain, 'checkpoint.bv')), 'params_ema/').length, 0, 'no average without ema_decay');
  });

  it('fewshot_lsr probes the pre_logits in a run, and a bad split stops the run before it writes', async () => {
    const pp = 'decode(channels=1)|value_range(-1, 1)|keep("image", "label")';
    const fewshot = { type: 'fewshot_lsr', datasets: { tiny: ['tiny', 'train', 'test'] }, data_dir: data, shots: [1, 5], l2_reg: 1024, pp_train: pp, pp_eval: pp, display_first: [['tiny', 5]], representation_layer: 'pre_logits', num_seeds: 2, prefix: '' };
    const cfg = (f: Record<string, unknown>) => ({ ...tinyConfig(data, { total_steps: 3 }), evals: { fewshot: f } }) as ReturnType<typeof tinyConfig>;
    const r = await train({ config: cfg(fewshot), backend: 'wasm' });
    const names = [...r.last.keys()].filter((k) => k.includes('shot-')).sort();
    assert.deepEqual(names, ['a/tiny_5shot-seed-0', 'a/tiny_5shot-seed-1', 'z/tiny_1shot-seed-0', 'z/tiny_1shot-seed-1']);
    for (const k of names) assert.ok((r.last.get(k) as number) >= 0 && (r.last.get(k) as number) <= 1, k);
    const workdir = path.join(dir, 'fewshot-bad');
    await assert.rejects(train({ config: cfg({ ...fewshot, datasets: { tiny: ['tiny', 'train', 'tset'] } }), workdir, backend: 'wasm' }), /config\.evals\.fewshot\.datasets\.tiny\.name: Bad split 'tset'/);
    assert.equal(fs.existsSync(workdir), false);
  });
});
