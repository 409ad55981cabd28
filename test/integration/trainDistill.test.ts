/**
 * configs/mnist_distill.py:runlocal trains: `bv data prepare mnist` (the embedded digits), a teacher from a short
 * `configs/mnist_vit.py` run, then 20 steps of distillation with that teacher's workdir as `prof_m_init`, through
 * the real CLI (config engine, checks, TFDS reader, pp ops, both ViTs, mixup, the KL objective, the classification,
 * fewshot_lsr and proj.distill.distance evals, checkpoints). A teacher that cannot be loaded is refused at its key.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMetricsFile } from '../../runtime/src/metrics/contract';
import { loadCheckpoint } from '../../runtime/src/checkpoint/checkpoint';
import { bvProcess, finished } from './trainFixture';

describe('bv train: configs/mnist_distill.py:runlocal (integration)', function () {
  this.timeout(600_000);
  let dir: string;
  let dataDir: string;
  const run = (...args: string[]) => finished(bvProcess(args));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-distill-'));
    dataDir = path.join(dir, 'tfds');
    const r = await run('data', 'prepare', 'mnist', '--data-dir', dataDir);
    assert.equal(r.code, 0, r.stderr);
    process.env.TFDS_DATA_DIR_BEFORE = process.env.TFDS_DATA_DIR ?? '';
    process.env.TFDS_DATA_DIR = dataDir;
  });

  after(() => {
    if (process.env.TFDS_DATA_DIR_BEFORE) process.env.TFDS_DATA_DIR = process.env.TFDS_DATA_DIR_BEFORE;
    else delete process.env.TFDS_DATA_DIR;
    delete process.env.TFDS_DATA_DIR_BEFORE;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('distils a mnist_vit teacher for 20 steps and writes the distillation metrics', async () => {
    const teacher = path.join(dir, 'teacher');
    const t = await run('train', '--config', 'configs/mnist_vit.py:steps=31,batch_size=8', '--workdir', teacher, '--backend', 'wasm');
    assert.equal(t.code, 0, t.stderr);

    const student = path.join(dir, 'student');
    const started = Date.now();
    const r = await run('train', '--config', `configs/mnist_distill.py:runlocal,steps=20,teacher=${teacher}`, '--workdir', student, '--backend', 'wasm');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Initializing prof_m from /);
    const records = parseMetricsFile(fs.readFileSync(path.join(student, 'big_vision_metrics.txt'), 'utf8'));
    const at20 = Object.assign({}, ...records.filter((m) => m.step === 20)) as Record<string, number>;
    for (const k of ['training_loss', 'distill_loss', 'distill_loss_prof_m', 'entropy_student', 'entropy_prof_m', 'task_loss_student', 'student_test/prec@1', 'teacher_test/prec@1', 'dist_test/kind=kl/avg', 'dist_test/kind=agree_k=5/avg', 'a/mnist_10shot-seed-0']) {
      assert.ok(Number.isFinite(at20[k]), `${k} at step 20: ${at20[k]}`);
    }
    assert.equal(at20.training_loss, at20.distill_loss, 'the student trains on the distillation loss');
    assert.ok(Math.abs(at20['dist_test/kind=kl/avg']) < 10 && at20['dist_test/kind=agree_k=5/avg'] <= 1);
    // The teacher is not trained and not checkpointed: only the student's params and optimizer.
    const ckpt = loadCheckpoint(path.join(student, 'checkpoint.bv'));
    assert.ok([...ckpt.keys()].every((k) => /^(params|opt|chrono|data|rng)\//.test(k)));
    const teacherFinal = loadCheckpoint(path.join(teacher, 'checkpoint.bv'));
    assert.ok(ckpt.get('params/head/kernel')?.shape[0] !== teacherFinal.get('params/head/kernel')?.shape[0], 'the student (width 32) is not the teacher (width 64)');
    process.stderr.write(`      distillation: 20 steps and 2 eval rounds in ${((Date.now() - started) / 1000).toFixed(1)} s, load ${os.loadavg()[0].toFixed(1)}\n`);
  });

  it('refuses a teacher it cannot load, at prof_m_init, before writing anything', async () => {
    const workdir = path.join(dir, 'no-teacher');
    const r = await run('train', '--config', `configs/mnist_distill.py:runlocal,steps=20,teacher=${path.join(dir, 'nowhere')}`, '--workdir', workdir, '--backend', 'wasm');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /configs\/mnist_distill\.py:\d+:\d+: config\.prof_m_init: '[^']*nowhere' was not found/);
    assert.equal(fs.existsSync(workdir), false);
  });
});
