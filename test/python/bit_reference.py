"""Writes tiny BiT checkpoints in the layouts upstream loads and their logits computed in NumPy.

Two models, both width 0.5 (32 root channels, the fewest GroupNorm's 32 groups allow) and depth [1, 1] (a
projection unit in each stage, the second with stride 2), for 32x32x3 images and 10 classes:
- `bit` (upstream models/bit.py, ResNet v1) in its own flax layout: `conv_root`, `gn_root`,
  `block<s>/unit<u>/{conv_proj, gn_proj, conv1..3, gn1..3}`, `head`. Weight standardisation
  (w - mean) / (std + 1e-5), flax nn.GroupNorm (32 groups, eps 1e-6), flax's SAME padding for every conv and the
  stem's max pool.
- `bit_paper` (upstream models/bit_paper.py, ResNet v2) in the layout of the original BiT release that its
  load() converts: `resnet/root_block/standardized_conv2d/kernel`,
  `resnet/block<s>/unit<uu>/{a,b,c}/{standardized_conv2d/kernel, group_norm/{gamma,beta}}`,
  `resnet/block<s>/unit<uu>/a/proj/standardized_conv2d/kernel`, `resnet/group_norm/{gamma,beta}` and
  `resnet/head/conv2d/{kernel [1, 1, C, K], bias}`. Weight standardisation (w - mean) / sqrt(var + 1e-10), its
  own GroupNorm (eps 1e-5), explicit paddings (3 for the root conv, 1 for the max pool and the 3x3 convs),
  pre-activation units, GroupNorm + ReLU before the head.
The forward passes are written from upstream's model files, in float64 with plain NumPy (no shared code with the
TypeScript models). Parameters are rounded to float16 precision so that the compressed files stay small.
Files (into OUT_DIR): bit.npz, bit_paper_release.npz, bit_io.npz (`images`, `bit_logits`, `bit_paper_logits`).

Usage: python3 bit_reference.py OUT_DIR
"""

import os
import sys

import numpy as np

ROOT, DEPTH, CLASSES, SIZE, GROUPS = 32, (1, 1), 10, 32, 32


def same_pads(size, k, s):
  """flax/XLA SAME padding (low, high) for one spatial axis."""
  out = -(-size // s)
  total = max((out - 1) * s + k - size, 0)
  return total // 2, total - total // 2


def conv(x, w, stride, pads):
  """x [B, H, W, Cin] * w [kh, kw, Cin, Cout], pads ((top, bottom), (left, right)), no bias."""
  kh, kw = w.shape[:2]
  x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))
  oh = (x.shape[1] - kh) // stride + 1
  ow = (x.shape[2] - kw) // stride + 1
  out = np.zeros((x.shape[0], oh, ow, w.shape[3]))
  for i in range(kh):
    for j in range(kw):
      out += x[:, i:i + stride * (oh - 1) + 1:stride, j:j + stride * (ow - 1) + 1:stride, :] @ w[i, j]
  return out


def conv_same(x, w, stride):
  return conv(x, w, stride, (same_pads(x.shape[1], w.shape[0], stride), same_pads(x.shape[2], w.shape[1], stride)))


def max_pool(x, k, s, pads):
  x = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=-np.inf)
  oh = (x.shape[1] - k) // s + 1
  ow = (x.shape[2] - k) // s + 1
  out = np.full((x.shape[0], oh, ow, x.shape[3]), -np.inf)
  for i in range(k):
    for j in range(k):
      out = np.maximum(out, x[:, i:i + s * (oh - 1) + 1:s, j:j + s * (ow - 1) + 1:s, :])
  return out


def group_norm(x, scale, bias, eps):
  b, h, w, c = x.shape
  g = x.reshape(b, h, w, GROUPS, c // GROUPS)
  mean = g.mean(axis=(1, 2, 4), keepdims=True)
  var = ((g - mean) ** 2).mean(axis=(1, 2, 4), keepdims=True)
  return ((g - mean) / np.sqrt(var + eps)).reshape(x.shape) * scale.reshape(c) + bias.reshape(c)


def relu(x):
  return np.maximum(x, 0)


def ws_v1(w):
  return (w - w.mean(axis=(0, 1, 2))) / (w.std(axis=(0, 1, 2)) + 1e-5)


def ws_v2(w):
  w = w - w.mean(axis=(0, 1, 2))
  return w / np.sqrt((w ** 2).mean(axis=(0, 1, 2)) + 1e-10)


def stages():
  """(stage index from 1, unit index from 1, nin, nmid, stride) of every unit."""
  nin = ROOT
  for s, count in enumerate(DEPTH):
    nmid = ROOT * 2 ** s
    for u in range(count):
      yield s + 1, u + 1, nin, nmid, 2 if s > 0 and u == 0 else 1
      nin = nmid * 4


def forward_bit(p, images):
  gn = lambda x, n: relu(group_norm(x, p[f'{n}/scale'], p[f'{n}/bias'], 1e-6))
  x = gn(conv_same(images, ws_v1(p['conv_root/kernel']), 2), 'gn_root')
  x = max_pool(x, 3, 2, (same_pads(x.shape[1], 3, 2), same_pads(x.shape[2], 3, 2)))
  for s, u, nin, nmid, stride in stages():
    at = f'block{s}/unit{u}'
    c = lambda y, n, st=1: conv_same(y, ws_v1(p[f'{at}/{n}/kernel']), st)
    norm = lambda y, n: group_norm(y, p[f'{at}/{n}/scale'], p[f'{at}/{n}/bias'], 1e-6)
    residual = x
    if nin != nmid * 4 or stride != 1:
      residual = norm(c(x, 'conv_proj', stride), 'gn_proj')
    y = relu(norm(c(x, 'conv1'), 'gn1'))
    y = relu(norm(c(y, 'conv2', stride), 'gn2'))
    y = norm(c(y, 'conv3'), 'gn3')
    x = relu(residual + y)
  return x.mean(axis=(1, 2)) @ p['head/kernel'] + p['head/bias']


def forward_bit_paper(t, images):
  """The released layout's names, read as bit_paper's Model uses them."""
  gn = lambda x, n: group_norm(x, t[f'{n}/gamma'], t[f'{n}/beta'], 1e-5)
  x = conv(images, ws_v2(t['resnet/root_block/standardized_conv2d/kernel']), 2, ((3, 3), (3, 3)))
  x = max_pool(x, 3, 2, ((1, 1), (1, 1)))
  for s, u, nin, nmid, stride in stages():
    at = f'resnet/block{s}/unit{u:02d}'
    k = lambda part: ws_v2(t[f'{at}/{part}/standardized_conv2d/kernel'])
    residual = x
    pre = relu(gn(x, f'{at}/a/group_norm'))
    if nin != nmid * 4 or stride != 1:
      residual = conv(pre, ws_v2(t[f'{at}/a/proj/standardized_conv2d/kernel']), stride, ((0, 0), (0, 0)))
    y = conv(pre, k('a'), 1, ((0, 0), (0, 0)))
    y = relu(gn(y, f'{at}/b/group_norm'))
    y = conv(y, k('b'), stride, ((1, 1), (1, 1)))
    y = relu(gn(y, f'{at}/c/group_norm'))
    x = conv(y, k('c'), 1, ((0, 0), (0, 0))) + residual
  x = relu(gn(x, 'resnet/group_norm')).mean(axis=(1, 2))
  return x @ t['resnet/head/conv2d/kernel'][0, 0] + t['resnet/head/conv2d/bias']


def main(out_dir):
  os.makedirs(out_dir, exist_ok=True)
  rng = np.random.default_rng(2)
  n = lambda *s, scale=1.0: scale * rng.standard_normal(s)
  feat = ROOT * 2 ** (len(DEPTH) - 1) * 4

  v1 = {'conv_root/kernel': n(7, 7, 3, ROOT), 'gn_root/scale': 1 + n(ROOT, scale=0.1), 'gn_root/bias': n(ROOT, scale=0.1)}
  v2 = {'resnet/root_block/standardized_conv2d/kernel': n(7, 7, 3, ROOT)}
  for s, u, nin, nmid, stride in stages():
    at = f'block{s}/unit{u}'
    nout = nmid * 4
    if nin != nout or stride != 1:
      v1[f'{at}/conv_proj/kernel'] = n(1, 1, nin, nout)
      v1[f'{at}/gn_proj/scale'] = 1 + n(nout, scale=0.1)
      v1[f'{at}/gn_proj/bias'] = n(nout, scale=0.1)
      v2[f'resnet/block{s}/unit{u:02d}/a/proj/standardized_conv2d/kernel'] = n(1, 1, nin, nout)
    for i, (k, cin, cout) in enumerate(((1, nin, nmid), (3, nmid, nmid), (1, nmid, nout)), 1):
      v1[f'{at}/conv{i}/kernel'] = n(k, k, cin, cout)
      v1[f'{at}/gn{i}/scale'] = 1 + n(cout, scale=0.1)
      v1[f'{at}/gn{i}/bias'] = n(cout, scale=0.1)
      part = f'resnet/block{s}/unit{u:02d}/{"abc"[i - 1]}'
      v2[f'{part}/standardized_conv2d/kernel'] = n(k, k, cin, cout)
      # The pre-activation GroupNorm of part a/b/c normalises that part's input.
      v2[f'{part}/group_norm/gamma'] = 1 + n(cin, scale=0.1)
      v2[f'{part}/group_norm/beta'] = n(cin, scale=0.1)
  v1['head/kernel'] = n(feat, CLASSES, scale=feat ** -0.5)
  v1['head/bias'] = n(CLASSES, scale=0.1)
  v2['resnet/group_norm/gamma'] = 1 + n(feat, scale=0.1)
  v2['resnet/group_norm/beta'] = n(feat, scale=0.1)
  v2['resnet/head/conv2d/kernel'] = n(1, 1, feat, CLASSES, scale=feat ** -0.5)
  v2['resnet/head/conv2d/bias'] = n(CLASSES, scale=0.1)

  v1 = {k: v.astype(np.float16).astype(np.float32) for k, v in v1.items()}
  v2 = {k: v.astype(np.float16).astype(np.float32) for k, v in v2.items()}
  np.savez_compressed(os.path.join(out_dir, 'bit.npz'), **v1)
  np.savez_compressed(os.path.join(out_dir, 'bit_paper_release.npz'), **v2)
  images = rng.uniform(-1, 1, (2, SIZE, SIZE, 3)).astype(np.float32)
  f64 = lambda d: {k: v.astype(np.float64) for k, v in d.items()}
  np.savez(os.path.join(out_dir, 'bit_io.npz'), images=images,
           bit_logits=forward_bit(f64(v1), images.astype(np.float64)),
           bit_paper_logits=forward_bit_paper(f64(v2), images.astype(np.float64)))


if __name__ == '__main__':
  main(sys.argv[1])
