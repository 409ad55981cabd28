"""Writes a tiny MLP-Mixer checkpoint in the original Mixer paper's layout and its logits computed in NumPy.

The layout is what upstream's mlp_mixer.load converts: `Mixer/encoderblock_<i>/{LayerNorm_0, LayerNorm_1,
token_mixing_phase_0, channel_mixing_phase_0}` with MLP weights `kernel1, bias1, kernel2, bias2` stored with an extra
leading axis of size 1 (load squeezes them), `Mixer/encoder_norm`, `embedding` (the stem) and `head`. The forward
pass is written from upstream's models/mlp_mixer.py (patch Conv stem, per block LayerNorm → token-mixing MLP over
the transposed tokens → residual, LayerNorm → channel-mixing MLP → residual; LayerNorm, mean over tokens, head) in
float64. Files (into OUT_DIR): mixer_paper.npz, mixer_io.npz (`images`, `logits`).

Usage: python3 mixer_reference.py OUT_DIR
"""

import os
import sys

import numpy as np

PATCH, HIDDEN, BLOCKS, TOKENS_MLP, CHANNELS_MLP, CLASSES, SIZE = 4, 16, 2, 8, 32, 10, 16
TOKENS = (SIZE // PATCH) ** 2


def layer_norm(x, scale, bias):
  mu = x.mean(-1, keepdims=True)
  var = ((x - mu) ** 2).mean(-1, keepdims=True)
  return (x - mu) / np.sqrt(var + 1e-6) * scale + bias


def gelu(x):
  return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def mlp(x, p):
  return gelu(x @ p['kernel1'][0] + p['bias1'][0]) @ p['kernel2'][0] + p['bias2'][0]


def forward(flat, images):
  p = {k: v.astype(np.float64) for k, v in flat.items()}
  b = len(images)
  g = SIZE // PATCH
  x = images.reshape(b, g, PATCH, g, PATCH, 1).transpose(0, 1, 3, 2, 4, 5)
  x = np.einsum('bijpqc,pqcd->bijd', x, p['embedding/kernel']).reshape(b, TOKENS, HIDDEN) + p['embedding/bias']
  for i in range(BLOCKS):
    blk = lambda n, i=i: {k.split('/')[-1]: v for k, v in p.items() if k.startswith(f'Mixer/encoderblock_{i}/{n}/')}
    ln0, ln1 = blk('LayerNorm_0'), blk('LayerNorm_1')
    y = layer_norm(x, ln0['scale'], ln0['bias']).swapaxes(1, 2)
    x = x + mlp(y, blk('token_mixing_phase_0')).swapaxes(1, 2)
    x = x + mlp(layer_norm(x, ln1['scale'], ln1['bias']), blk('channel_mixing_phase_0'))
  x = layer_norm(x, p['Mixer/encoder_norm/scale'], p['Mixer/encoder_norm/bias']).mean(1)
  return x @ p['head/kernel'] + p['head/bias']


def main(out_dir):
  os.makedirs(out_dir, exist_ok=True)
  rng = np.random.default_rng(1)
  n = lambda *s, scale=1.0: scale * rng.standard_normal(s)
  flat = {
      'embedding/kernel': n(PATCH, PATCH, 1, HIDDEN, scale=1 / PATCH), 'embedding/bias': n(HIDDEN, scale=0.1),
      'Mixer/encoder_norm/scale': 1 + n(HIDDEN, scale=0.1), 'Mixer/encoder_norm/bias': n(HIDDEN, scale=0.1),
      'head/kernel': n(HIDDEN, CLASSES, scale=HIDDEN ** -0.5), 'head/bias': n(CLASSES, scale=0.1),
  }
  for i in range(BLOCKS):
    at = f'Mixer/encoderblock_{i}'
    for ln in ('LayerNorm_0', 'LayerNorm_1'):
      flat[f'{at}/{ln}/scale'] = 1 + n(HIDDEN, scale=0.1)
      flat[f'{at}/{ln}/bias'] = n(HIDDEN, scale=0.1)
    for name, d, m in (('token_mixing_phase_0', TOKENS, TOKENS_MLP), ('channel_mixing_phase_0', HIDDEN, CHANNELS_MLP)):
      flat[f'{at}/{name}/kernel1'] = n(1, d, m, scale=d ** -0.5)
      flat[f'{at}/{name}/bias1'] = n(1, m, scale=0.1)
      flat[f'{at}/{name}/kernel2'] = n(1, m, d, scale=m ** -0.5)
      flat[f'{at}/{name}/bias2'] = n(1, d, scale=0.1)
  flat = {k: v.astype(np.float32) for k, v in flat.items()}
  np.savez(os.path.join(out_dir, 'mixer_paper.npz'), **flat)
  images = rng.uniform(-1, 1, (3, SIZE, SIZE, 1)).astype(np.float32)
  np.savez(os.path.join(out_dir, 'mixer_io.npz'), images=images, logits=forward(flat, images))


if __name__ == '__main__':
  main(sys.argv[1])
