/**
 * `bv info` end to end in process: a config evaluated by the engine, its facts as one JSON object (published
 * parameter counts, GFLOPs within 2% of the papers'), the readable table with the fit verdict per accelerator, and
 * errors at the config's line as `bv check` prints them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../cli';

const CONFIG = `import ml_collections as mlc


def get_config(arg='vit'):
  config = mlc.ConfigDict()
  config.input = dict(data=dict(name='imagenet2012', split='train'), batch_size=4096)
  config.input.pp = 'decode_jpeg_and_inception_crop(224)|flip_lr|value_range(-1, 1)|onehot(1000)'
  config.num_classes = 1000
  if arg == 'vit':
    config.model_name = 'vit'
    config.model = dict(variant='B/16')
  elif arg == 'typo':
    config.model_name = 'vit'
    config.model = dict(variant='X/16')
  elif arg == 'mixer':
    config.model_name = 'mlp_mixer'
    config.model = dict(variant='B/16')
  elif arg == 'givt':
    config.model_name = 'proj.givt.givt'
  else:
    config.model_name = 'bit_paper'
    config.model = dict(depth=50, width=1)
  config.optax_name = 'scale_by_adam'
  config.lr = 0.001
  config.schedule = dict(decay_type='cosine', warmup_steps=1000)
  config.total_steps = 10000
  config.log_training_steps = 50
  return config
`;

/** Runs `bv ...` in this process and returns its exit code and output. */
async function bv(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

describe('bv info', function () {
  this.timeout(120000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-info-'));
  const file = path.join(dir, 'facts.py');
  fs.writeFileSync(file, CONFIG);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [arg, params, gflops] of [['vit', '86.6', 35.1], ['mixer', '59.9', 2 * 12.62], ['bit', '25.5', 2 * 4.09]] as const) {
    it(`--json for ${arg}: published parameters and GFLOPs within 2%`, async () => {
      const r = await bv('info', `${file}:${arg}`, '--json');
      assert.equal(r.code, 0, r.err);
      const o = JSON.parse(r.out) as { params: number; gflops: number; image: { height: number; source: string }; memory_estimate: { bytes: { total: number } }; fits: unknown };
      assert.equal((o.params / 1e6).toFixed(1), params);
      assert.ok(Math.abs(o.gflops - gflops) <= 0.02 * gflops, `GFLOPs ${o.gflops}`);
      assert.deepEqual([o.image.height, o.image.source], [224, 'input.pp: decode_jpeg_and_inception_crop(224)']);
      assert.ok(o.memory_estimate.bytes.total > 0);
      assert.equal(o.fits, null, 'no verdict without --accelerator');
    });
  }

  it('the table says whether the batch fits each device of the accelerator', async () => {
    const small = await bv('info', `${file}:vit`, '--accelerator', 'v4-8');
    assert.equal(small.code, 0, small.err);
    assert.match(small.out, /parameters\s+86,566,120 \(86\.6M\)/);
    assert.match(small.out, /1024 per device on v4-8: 4 chips, 4 devices, 1 host/);
    assert.match(small.out, /HBM\s+32\.0 GiB per device: does NOT fit/);
    assert.match(small.out, /HBM source\s+https:\/\/cloud\.google\.com\/tpu\/docs\/v4 .*read 2026-12-03/);
    const big = await bv('info', `${file}:vit`, '--accelerator', 'v3-128');
    assert.match(big.out, /HBM\s+16\.0 GiB per device: fits, \d+% used/);
  });

  it('errors are printed at the line of the key, as bv check prints them; exit 1', async () => {
    const typo = await bv('info', `${file}:typo`);
    assert.equal(typo.code, 1);
    assert.equal(typo.out, '');
    assert.match(typo.err, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:14:\\d+: error \\S+ .*unknown size 'X'`, 'm'));
    const givt = await bv('info', `${file}:givt`);
    assert.equal(givt.code, 1);
    assert.match(givt.err, /facts\.py:19:\d+: error model-facts config\.model_name: model facts cover vit, mlp_mixer, bit, bit_paper/);
  });

  it('an unknown accelerator is refused before the config is evaluated; exit 2', async () => {
    const r = await bv('info', `${file}:vit`, '--accelerator', 'v9');
    assert.equal(r.code, 2);
    assert.match(r.err, /^bv info: unknown accelerator 'v9'/);
  });
});
