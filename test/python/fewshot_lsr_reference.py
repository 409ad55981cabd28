"""Reference results of big_vision's fewshot_lsr probe, computed in NumPy (float64) the way upstream does.

Upstream (evaluators/fewshot_lsr.py) whitens the few-shot representations with their mean and std (+1e-5), appends a
constant feature of 100 for the bias, turns labels into one-hot targets in {-1, 1}, and solves ridge regression via
an eigendecomposition: eigh(x^T x) when there are at least as many points as dimensions, else eigh(x x^T). This
script writes synthetic problems of both shapes with the weights and test accuracy that procedure gives, as JSON.

Usage: python3 fewshot_lsr_reference.py OUT_FILE
"""

import json
import sys

import numpy as np

BIAS_CONSTANT = 100.0


def precompute_cache(x, y, num_classes):
  mean = x.mean(axis=0, keepdims=True)
  std = x.std(axis=0, keepdims=True) + 1e-5
  x = (x - mean) / std
  x = np.pad(x, ((0, 0), (0, 1)), constant_values=BIAS_CONSTANT)
  y = 2.0 * np.eye(num_classes)[y] - 1.0
  num_points, dim = x.shape
  if num_points >= dim:
    eigs, q = np.linalg.eigh(x.T @ x)
    rhs = q.T @ (x.T @ y)
    lhs = q
  else:
    eigs, q = np.linalg.eigh(x @ x.T)
    rhs = q.T @ y
    lhs = x.T @ q
  return dict(eigs=eigs, rhs=rhs, lhs=lhs, mean=mean, std=std)


def weights_and_accuracy(cache, x_test, y_test, l2_reg):
  x_test = (x_test - cache['mean']) / cache['std']
  x_test = np.pad(x_test, ((0, 0), (0, 1)), constant_values=BIAS_CONSTANT)
  scaling = (1.0 / (cache['eigs'] + l2_reg)).reshape((1, -1))
  w = (cache['lhs'] * scaling) @ cache['rhs']
  preds = np.argmax(x_test @ w, axis=1)
  return w, float(np.mean(preds == y_test))


def problem(rng, n, dim, classes, n_test, l2_reg):
  centers = rng.normal(size=(classes, dim)) * 2.0
  y = np.arange(n) % classes
  x = centers[y] + rng.normal(size=(n, dim))
  y_test = rng.integers(0, classes, size=n_test)
  x_test = centers[y_test] + rng.normal(size=(n_test, dim)) * 1.5
  w, acc = weights_and_accuracy(precompute_cache(x, y, classes), x_test, y_test, l2_reg)
  return dict(classes=classes, l2_reg=l2_reg, x=x.tolist(), y=y.tolist(), x_test=x_test.tolist(), y_test=y_test.tolist(),
              weights=w.tolist(), accuracy=acc)


def main():
  rng = np.random.default_rng(0)
  out = dict(
      more_points=problem(rng, 40, 5, 3, 60, 2.0 ** 10),
      more_points_small_l2=problem(rng, 40, 5, 3, 60, 0.5),
      more_dims=problem(rng, 6, 10, 3, 30, 0.5),
  )
  with open(sys.argv[1], 'w') as f:
    json.dump(out, f)


if __name__ == '__main__':
  main()
