"""PyTorch CPU baseline for `npm run bench -- train` (run with Debian's /usr/bin/python3:
apt-get install python3-torch libopenblas0-pthread).

The same ViT as bench/train.ts builds with the bundled trainer: pre-LayerNorm blocks (eps 1e-6),
fused qkv, GELU in its tanh form (flax's default), mean pooling, a zero-initialised head, the
big_vision default loss (sigmoid cross-entropy summed over classes, mean over the batch) and Adam.
Prints one JSON line: {"img_per_s": ..., "threads": ..., "torch": ...}.
"""

import argparse
import json
import math
import time

import torch
from torch import nn
import torch.nn.functional as F


class Block(nn.Module):
  def __init__(self, width, heads, mlp):
    super().__init__()
    self.heads = heads
    self.ln0 = nn.LayerNorm(width, eps=1e-6)
    self.qkv = nn.Linear(width, 3 * width)
    self.out = nn.Linear(width, width)
    self.ln1 = nn.LayerNorm(width, eps=1e-6)
    self.fc0 = nn.Linear(width, mlp)
    self.fc1 = nn.Linear(mlp, width)

  def forward(self, x):
    b, l, d = x.shape
    hd = d // self.heads
    q, k, v = self.qkv(self.ln0(x)).reshape(b, l, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd), dim=-1)
    x = x + self.out((att @ v).transpose(1, 2).reshape(b, l, d))
    return x + self.fc1(F.gelu(self.fc0(self.ln1(x)), approximate='tanh'))


class ViT(nn.Module):
  def __init__(self, width, depth, heads, mlp, patch, image, classes):
    super().__init__()
    self.embedding = nn.Conv2d(3, width, patch, stride=patch)
    tokens = (image // patch) ** 2
    self.pos = nn.Parameter(torch.randn(1, tokens, width) / math.sqrt(width))
    self.blocks = nn.ModuleList([Block(width, heads, mlp) for _ in range(depth)])
    self.norm = nn.LayerNorm(width, eps=1e-6)
    self.head = nn.Linear(width, classes)
    nn.init.zeros_(self.head.weight)

  def forward(self, images):
    x = self.embedding(images).flatten(2).transpose(1, 2) + self.pos
    for block in self.blocks:
      x = block(x)
    return self.head(self.norm(x).mean(dim=1))


def main():
  p = argparse.ArgumentParser()
  p.add_argument('--threads', type=int, default=1)
  p.add_argument('--steps', type=int, default=10)
  p.add_argument('--warmup', type=int, default=2)
  p.add_argument('--batch', type=int, default=32)
  a = p.parse_args()
  torch.set_num_threads(a.threads)
  torch.manual_seed(0)
  model = ViT(width=192, depth=12, heads=3, mlp=768, patch=4, image=32, classes=10)
  opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
  images = torch.randn(a.batch, 3, 32, 32)
  labels = F.one_hot(torch.arange(a.batch) % 10, 10).float()

  def step():
    opt.zero_grad(set_to_none=True)
    logits = model(images)
    loss = F.binary_cross_entropy_with_logits(logits, labels, reduction='none').sum(-1).mean()
    loss.backward()
    opt.step()
    return loss.item()

  for _ in range(a.warmup):
    step()
  times = []
  cpu0 = time.process_time()
  for _ in range(a.steps):
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
  cpu = (time.process_time() - cpu0) / a.steps
  times.sort()
  median = times[len(times) // 2]
  print(json.dumps({
      'img_per_s': a.batch / median,
      'best_img_per_s': a.batch / times[0],
      # CPU time of the process per step: what one idle core would take, robust to a loaded machine.
      'cpu_img_per_s': a.batch / cpu,
      'threads': torch.get_num_threads(),
      'torch': torch.__version__,
  }))


if __name__ == '__main__':
  main()
