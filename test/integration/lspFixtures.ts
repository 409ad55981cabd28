/**
 * Documents and settings shared by the language-server tests: a config that evaluates cleanly (BASE), the same
 * with planted defects (PLANTED), and a fake TFDS data dir holding `mnist`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { LspClient, makeTfdsDir } from './lspClient';

/** A small config that evaluates; durations resolve with the fake mnist (60,000 train examples). */
export const BASE = `import big_vision.configs.common as bvcc
import ml_collections as mlc


def get_config(arg=None):
  arg = bvcc.parse_arg(arg, epochs=2)
  config = mlc.ConfigDict()
  config.total_epochs = arg.epochs
  config.log_training_steps = 50
  config.ckpt_steps = config.get_ref('log_training_steps') * 2
  config.input = dict(data=dict(name='mnist', split='train'), batch_size=128)
  config.input.pp = 'decode|resize(28)|value_range(-1, 1)|onehot(10)'
  config.model_name = 'vit'
  config.model = dict(variant='Ti/4', pool_type='gap')
  config.num_classes = 10
  config.optax_name = 'scale_by_adam'
  config.lr = 0.001
  config.grad_clip_norm = 1.0
  config.schedule = dict(decay_type='cosine', warmup_percent=0.1)
  config.evals = dict(val=dict(type='classification', data=dict(name='mnist', split='test'), pp_fn='decode', loss_name='softmax_xent'))
  return config
`;

/** BASE with a misspelled key, an unknown pp op and an evaluator kwarg upstream rejects. */
export const PLANTED = BASE
  .replace("value_range(-1, 1)", "value_rang(-1, 1)")
  .replace('  config.schedule =', "  config.shedule = dict(decay_type='cosine', warmup_steps=100)\n  config.schedule =")
  .replace("loss_name='softmax_xent'))", "loss_name='softmax_xent', cache_final=True))");

/** A temporary folder with a TFDS data dir (`tfds/mnist`); `cleanup()` removes it. */
export function tempWorkspace(): { dir: string; tfds: string; file: (name: string) => string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-lsp-'));
  const tfds = makeTfdsDir(path.join(dir, 'tfds'), { mnist: { train: 60000, test: 10000 } });
  return { dir, tfds, file: (name) => path.join(dir, name), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For a mocha suite: a temporary workspace (with a TFDS data dir) and a language server over stdio using it,
 * started before the suite and stopped after it, asserting that the server exits cleanly.
 */
export function useLspWorkspace(): { ws: ReturnType<typeof tempWorkspace>; client: () => LspClient } {
  const ws = tempWorkspace();
  let client: LspClient | undefined;
  before(async () => {
    client = await LspClient.start({ settings: { tfdsDataDir: ws.tfds } });
  });
  after(async () => {
    const code = await client?.stop();
    ws.cleanup();
    assert.equal(code, 0, client?.log);
  });
  return {
    ws,
    client: () => {
      if (!client) throw new Error('the language server is not started yet (use it inside a test)');
      return client;
    },
  };
}
