"""Writes .npz checkpoints in upstream big_vision's layouts and their ViT logits computed in NumPy.

The forward pass below is written from upstream's models/vit.py (flax: Conv patch embedding, learned posemb,
pre-LN encoder blocks with MultiHeadDotProductAttention and a GELU(tanh) MLP, LayerNorm eps 1e-6, pooling,
optional tanh pre_logits, head), independently of the TypeScript model, in float64. Files (into OUT_DIR):

  vit_augreg.npz       a tiny ViT as the AugReg release stores it: pre-Linen module numbering
                       (MultiHeadDotProductAttention_1, LayerNorm_2, MlpBlock_3), posemb in
                       Transformer/posembed_input with the [cls] entry first (old vit.py added the
                       posemb after prepending [cls]); pool 'tok', 10 classes.
  vit_current.npz      today's layout under a top-level `params/` (a training checkpoint), pool 'gap',
                       rep_size, written with np.savez_compressed (deflated entries).
  io.npz               images and reference logits: `images`, `augreg_logits`, `current_logits`,
                       `hires_images`, `augreg_hires_logits` (the AugReg model at a 6x6 token grid,
                       its posemb resampled from 4x4), `posemb_in`, `posemb_out`.

Usage: python3 vit_reference.py OUT_DIR
"""

import os
import sys

import numpy as np

WIDTH, DEPTH, HEADS, MLP, PATCH, CHANNELS, CLASSES = 16, 2, 2, 32, 4, 1, 10


def layer_norm(x, p):
  mu = x.mean(-1, keepdims=True)
  var = ((x - mu) ** 2).mean(-1, keepdims=True)
  return (x - mu) / np.sqrt(var + 1e-6) * p['scale'] + p['bias']


def gelu(x):
  return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def attention(x, p):
  q, k, v = (np.einsum('bld,dhk->blhk', x, p[n]['kernel']) + p[n]['bias'] for n in ('query', 'key', 'value'))
  logits = np.einsum('bqhk,bshk->bhqs', q, k) / np.sqrt(q.shape[-1])
  logits -= logits.max(-1, keepdims=True)
  w = np.exp(logits)
  w /= w.sum(-1, keepdims=True)
  o = np.einsum('bhqs,bshk->bqhk', w, v)
  return np.einsum('bqhk,hkd->bqd', o, p['out']['kernel']) + p['out']['bias']


def mlp(x, p, d0, d1):
  return gelu(x @ p[d0]['kernel'] + p[d0]['bias']) @ p[d1]['kernel'] + p[d1]['bias']


def patch_embed(images, p):
  b, h, w, c = images.shape
  gh, gw = h // PATCH, w // PATCH
  x = images[:, :gh * PATCH, :gw * PATCH].reshape(b, gh, PATCH, gw, PATCH, c).transpose(0, 1, 3, 2, 4, 5)
  return np.einsum('bijpqc,pqcd->bijd', x, p['kernel']).reshape(b, gh * gw, -1) + p['bias']


def tree(flat):
  out = {}
  for k, v in flat.items():
    node = out
    *path, leaf = k.split('/')
    for s in path:
      node = node.setdefault(s, {})
    node[leaf] = v.astype(np.float64)
  return out


def augreg_forward(flat, images, posemb=None):
  """Old vit.py: [cls] prepended, then the posemb (with its cls entry) added; pre-Linen block names."""
  p = tree(flat)
  x = patch_embed(images, p['embedding'])
  x = np.concatenate([np.tile(p['cls'], (len(x), 1, 1)), x], axis=1)
  x = x + (p['Transformer']['posembed_input']['pos_embedding'] if posemb is None else posemb)
  for i in range(DEPTH):
    blk = p['Transformer'][f'encoderblock_{i}']
    x = x + attention(layer_norm(x, blk['LayerNorm_0']), blk['MultiHeadDotProductAttention_1'])
    x = x + mlp(layer_norm(x, blk['LayerNorm_2']), blk['MlpBlock_3'], 'Dense_0', 'Dense_1')
  x = layer_norm(x, p['Transformer']['encoder_norm'])[:, 0]
  return x @ p['head']['kernel'] + p['head']['bias']


def current_forward(flat, images):
  """Today's vit.py with pool 'gap' and rep_size: posemb added, mean over tokens, tanh pre_logits."""
  p = tree(flat)
  x = patch_embed(images, p['embedding']) + p['pos_embedding']
  for i in range(DEPTH):
    blk = p['Transformer'][f'encoderblock_{i}']
    x = x + attention(layer_norm(x, blk['LayerNorm_0']), blk['MultiHeadDotProductAttention_0'])
    x = x + mlp(layer_norm(x, blk['LayerNorm_1']), blk['MlpBlock_0'], 'Dense_0', 'Dense_1')
  x = layer_norm(x, p['Transformer']['encoder_norm']).mean(1)
  x = np.tanh(x @ p['pre_logits']['kernel'] + p['pre_logits']['bias'])
  return x @ p['head']['kernel'] + p['head']['bias']


def bilinear_grid(pe, n):
  """Corner-aligned linear interpolation of a [1, g*g, D] grid to [1, n*n, D] (scipy.ndimage.zoom, order=1)."""
  g = int(np.sqrt(pe.shape[1]))
  grid = pe.reshape(g, g, -1)
  pos = np.arange(n) * (g - 1) / max(n - 1, 1)
  lo = np.minimum(np.floor(pos).astype(int), g - 1)
  hi = np.minimum(lo + 1, g - 1)
  f = (pos - lo)[:, None]
  rows = grid[lo] * (1 - f[:, :, None]) + grid[hi] * f[:, :, None]
  out = rows[:, lo] * (1 - f[None]) + rows[:, hi] * f[None]
  return out.reshape(1, n * n, -1)


def block(rng, names, d=WIDTH, mlp_dim=MLP, heads=HEADS):
  ln0, att, ln1, mlpb = names
  hd = d // heads
  out = {}
  for ln in (ln0, ln1):
    out[f'{ln}/scale'] = 1 + 0.1 * rng.standard_normal(d)
    out[f'{ln}/bias'] = 0.1 * rng.standard_normal(d)
  for n in ('query', 'key', 'value'):
    out[f'{att}/{n}/kernel'] = rng.standard_normal((d, heads, hd)) / np.sqrt(d)
    out[f'{att}/{n}/bias'] = 0.1 * rng.standard_normal((heads, hd))
  out[f'{att}/out/kernel'] = rng.standard_normal((heads, hd, d)) / np.sqrt(d)
  out[f'{att}/out/bias'] = 0.1 * rng.standard_normal(d)
  out[f'{mlpb}/Dense_0/kernel'] = rng.standard_normal((d, mlp_dim)) / np.sqrt(d)
  out[f'{mlpb}/Dense_0/bias'] = 0.1 * rng.standard_normal(mlp_dim)
  out[f'{mlpb}/Dense_1/kernel'] = rng.standard_normal((mlp_dim, d)) / np.sqrt(mlp_dim)
  out[f'{mlpb}/Dense_1/bias'] = 0.1 * rng.standard_normal(d)
  return out


def common(rng, tokens):
  out = {
      'embedding/kernel': rng.standard_normal((PATCH, PATCH, CHANNELS, WIDTH)) / PATCH,
      'embedding/bias': 0.1 * rng.standard_normal(WIDTH),
      'Transformer/encoder_norm/scale': 1 + 0.1 * rng.standard_normal(WIDTH),
      'Transformer/encoder_norm/bias': 0.1 * rng.standard_normal(WIDTH),
      'head/bias': 0.1 * rng.standard_normal(CLASSES),
  }
  return out, 0.5 * rng.standard_normal((1, tokens, WIDTH))


def main(out_dir):
  os.makedirs(out_dir, exist_ok=True)
  rng = np.random.default_rng(0)
  images = rng.uniform(-1, 1, (3, 16, 16, CHANNELS))  # a 4x4 grid of 4x4 patches
  hires = rng.uniform(-1, 1, (2, 24, 24, CHANNELS))   # 6x6 patches

  augreg, pe = common(rng, 17)  # [cls] + 4x4
  augreg['Transformer/posembed_input/pos_embedding'] = pe
  augreg['cls'] = 0.5 * rng.standard_normal((1, 1, WIDTH))
  augreg['head/kernel'] = rng.standard_normal((WIDTH, CLASSES)) / np.sqrt(WIDTH)
  for i in range(DEPTH):
    names = ('LayerNorm_0', 'MultiHeadDotProductAttention_1', 'LayerNorm_2', 'MlpBlock_3')
    augreg.update({f'Transformer/encoderblock_{i}/{k}': v for k, v in block(rng, names).items()})
  augreg = {k: v.astype(np.float32) for k, v in augreg.items()}
  np.savez(os.path.join(out_dir, 'vit_augreg.npz'), **augreg)

  current, pe = common(rng, 16)
  current['pos_embedding'] = pe
  current['pre_logits/kernel'] = rng.standard_normal((WIDTH, WIDTH)) / np.sqrt(WIDTH)
  current['pre_logits/bias'] = 0.1 * rng.standard_normal(WIDTH)
  current['head/kernel'] = rng.standard_normal((WIDTH, CLASSES)) / np.sqrt(WIDTH)
  for i in range(DEPTH):
    names = ('LayerNorm_0', 'MultiHeadDotProductAttention_0', 'LayerNorm_1', 'MlpBlock_0')
    current.update({f'Transformer/encoderblock_{i}/{k}': v for k, v in block(rng, names).items()})
  current = {k: v.astype(np.float32) for k, v in current.items()}
  np.savez_compressed(os.path.join(out_dir, 'vit_current.npz'), **{f'params/{k}': v for k, v in current.items()})

  # Hi-res: the cls entry stays, the 4x4 grid entries are resampled to 6x6.
  old_pe = augreg['Transformer/posembed_input/pos_embedding'].astype(np.float64)
  hires_pe = np.concatenate([old_pe[:, :1], bilinear_grid(old_pe[:, 1:], 6)], axis=1)

  posemb_in = rng.standard_normal((1, 9, 5))
  posemb_out = bilinear_grid(posemb_in, 5)
  try:
    import scipy.ndimage  # pylint: disable=g-import-not-at-top
    zoomed = scipy.ndimage.zoom(posemb_in.reshape(3, 3, 5), (5 / 3, 5 / 3, 1), order=1).reshape(1, 25, 5)
    assert np.allclose(zoomed, posemb_out, atol=1e-12), 'bilinear_grid differs from scipy.ndimage.zoom'
  except ImportError:
    pass

  np.savez(os.path.join(out_dir, 'io.npz'),
           images=images.astype(np.float32),
           augreg_logits=augreg_forward(augreg, images.astype(np.float32)),
           current_logits=current_forward(current, images.astype(np.float32)),
           hires_images=hires.astype(np.float32),
           augreg_hires_logits=augreg_forward(augreg, hires.astype(np.float32), hires_pe),
           posemb_in=posemb_in.astype(np.float32),
           posemb_out=posemb_out)


if __name__ == '__main__':
  main(sys.argv[1])
