/**
 * Fixtures for the trainer's integration tests: a tiny TFDS dataset generated on the fly (8×8 grey PNG digits
 * of 4 classes, each class a bright quadrant plus seeded noise, in the on-disk layout TFDS writes) and a tiny ViT
 * config, so a full `bv train` runs in seconds through the same reader, pp ops, model and loop as real data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { parseMetricsFile } from '../../runtime/src/metrics/contract';
import { encodeExample, feature } from '../../runtime/src/data/example';
import { TfRecordWriter } from '../../runtime/src/data/tfrecord';

const SIDE = 8;
export const TINY_CLASSES = 4;

function image(label: number, seed: number): Uint8Array {
  const px = new Uint8Array(SIDE * SIDE);
  let s = (seed * 2654435761) >>> 0;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const quadrant = (y < SIDE / 2 ? 0 : 2) + (x < SIDE / 2 ? 0 : 1);
      px[y * SIDE + x] = (quadrant === label ? 160 : 20) + (s >>> 26); // noise 0..63
    }
  }
  return px;
}

async function writeSplit(dir: string, split: string, count: number, seed: number): Promise<number> {
  const writer = await TfRecordWriter.open(path.join(dir, `tiny-${split}.tfrecord-00000-of-00001`));
  for (let i = 0; i < count; i++) {
    const label = (i * 7 + seed) % TINY_CLASSES;
    const png = await sharp(Buffer.from(image(label, seed * 100003 + i)), { raw: { width: SIDE, height: SIDE, channels: 1 } }).png().toBuffer();
    await writer.write(encodeExample({ image: feature.bytes(new Uint8Array(png)), label: feature.int64(label) }));
  }
  await writer.close();
  return writer.payloadBytes;
}

/** Writes dataset `tiny` (train: `nTrain` examples, test: `nTest`) under `dataDir/tiny/1.0.0/`. */
export async function writeTinyTfds(dataDir: string, nTrain = 96, nTest = 32): Promise<string> {
  const dir = path.join(dataDir, 'tiny', '1.0.0');
  fs.mkdirSync(dir, { recursive: true });
  const trainBytes = await writeSplit(dir, 'train', nTrain, 1);
  const testBytes = await writeSplit(dir, 'test', nTest, 2);
  const info = {
    name: 'tiny',
    version: '1.0.0',
    fileFormat: 'tfrecord',
    splits: [
      { name: 'train', shardLengths: [String(nTrain)], numBytes: String(trainBytes) },
      { name: 'test', shardLengths: [String(nTest)], numBytes: String(testBytes) },
    ],
  };
  const features = {
    pythonClassName: 'tensorflow_datasets.core.features.features_dict.FeaturesDict',
    featuresDict: {
      features: {
        image: { pythonClassName: 'tensorflow_datasets.core.features.image_feature.Image', image: { shape: { dimensions: [String(SIDE), String(SIDE), '1'] }, dtype: 'uint8', encodingFormat: 'png' } },
        label: { pythonClassName: 'tensorflow_datasets.core.features.class_label_feature.ClassLabel', classLabel: { numClasses: String(TINY_CLASSES) } },
      },
    },
  };
  fs.writeFileSync(path.join(dir, 'dataset_info.json'), JSON.stringify(info));
  fs.writeFileSync(path.join(dir, 'features.json'), JSON.stringify(features));
  return dir;
}

/**
 * A tiny ViT config on `tiny` (the `arg` overrides: steps, log, ckpt, eval, data_dir, and cache=1 for
 * `cache_raw`, after which training reads no file). Every training step is logged so runs can be compared step by
 * step.
 */
export function tinyConfigSource(): string {
  return `
import ml_collections as mlc

def get_config(arg=None):
  a = dict(s.split('=', 1) for s in arg.split(',')) if arg else {}
  c = mlc.ConfigDict()
  c.seed = 3
  c.total_steps = int(a.get('steps', 12))
  c.num_classes = ${TINY_CLASSES}
  c.loss = 'softmax_xent'
  pp = ('decode(channels=1)|value_range(-1, 1)'
        '|onehot(${TINY_CLASSES}, key="label", key_result="labels")|keep("image", "labels")')
  c.input = dict(data=dict(name='tiny', split='train', data_dir=a['data_dir']),
                 batch_size=8, pp=pp, shuffle_buffer_size=32, cache_raw=a.get('cache') == '1')
  c.log_training_steps = int(a.get('log', 1))
  c.ckpt_steps = int(a.get('ckpt', 4))
  c.model_name = 'vit'
  c.model = dict(patch_size=(4, 4), width=16, depth=1, num_heads=2, mlp_dim=32, pool_type='gap', posemb='sincos2d')
  c.optax_name = 'scale_by_adam'
  c.grad_clip_norm = 1.0
  c.lr = 0.003
  c.wd = 0.0001
  c.schedule = dict(warmup_steps=2, decay_type='cosine')
  c.evals = dict(test=dict(type='classification', data=dict(name='tiny', split='test', data_dir=a['data_dir']),
                           pp_fn=pp, loss_name='softmax_xent', log_steps=int(a.get('eval', 6))))
  return c
`;
}

/** The same tiny config as a plain object (what the config engine would return), for in-process runs. */
export function tinyConfig(dataDir: string, over: Record<string, unknown> = {}): { [key: string]: import('../../runtime/src/config/protocol').JsonValue } {
  const pp = `decode(channels=1)|value_range(-1, 1)|onehot(${TINY_CLASSES}, key="label", key_result="labels")|keep("image", "labels")`;
  return {
    seed: 3,
    total_steps: 6,
    num_classes: TINY_CLASSES,
    loss: 'softmax_xent',
    input: { data: { name: 'tiny', split: 'train', data_dir: dataDir }, batch_size: 8, pp, shuffle_buffer_size: 32 },
    log_training_steps: 2,
    ckpt_steps: 2,
    model_name: 'vit',
    model: { patch_size: [4, 4], width: 16, depth: 1, num_heads: 2, mlp_dim: 32, pool_type: 'gap', posemb: 'sincos2d' },
    optax_name: 'scale_by_adam',
    grad_clip_norm: 1.0,
    lr: 0.003,
    wd: 0.0001,
    schedule: { warmup_steps: 2, decay_type: 'cosine' },
    evals: { test: { type: 'classification', data: { name: 'tiny', split: 'test', data_dir: dataDir }, pp_fn: pp, loss_name: 'softmax_xent', log_steps: 3 } },
    ...over,
  } as { [key: string]: import('../../runtime/src/config/protocol').JsonValue };
}

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'runtime', 'src', 'cli.ts');

/** Starts `bv train` (or any `bv` command) from the sources, no build needed; `opts` go to spawn. */
export function bvProcess(args: string[], opts: { cwd?: string; uid?: number; gid?: number } = {}): ChildProcess {
  const script = `require(${JSON.stringify(CLI)}).main(JSON.parse(process.env.BV_ARGS)).then((c) => { process.exitCode = c; })`;
  return spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, ...opts, env: { ...process.env, BV_ARGS: JSON.stringify(args) }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** How a child process ended, with everything it wrote to stderr. */
export function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

/** The steps of a workdir's metrics file that logged a training loss, in file order (none when it is missing). */
export function loggedSteps(workdir: string): number[] {
  let text = '';
  try {
    text = fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8');
  } catch {
    return [];
  }
  return parseMetricsFile(text)
    .filter((r) => r.training_loss !== undefined)
    .map((r) => r.step);
}

/** Resolves once `check()` holds, checking at every change in `dir` (which must exist): fs events, no polling. */
export function whenHolds(dir: string, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const watcher = fs.watch(dir, () => {
      if (!check()) return;
      watcher.close();
      resolve();
    });
  });
}

/** Resolves with the last logged step once `workdir` (which must exist) has logged step `minStep` (fs events). */
export async function whenStepLogged(workdir: string, minStep: number): Promise<number> {
  const last = () => loggedSteps(workdir).at(-1) ?? 0;
  await whenHolds(workdir, () => last() >= minStep);
  return last();
}
