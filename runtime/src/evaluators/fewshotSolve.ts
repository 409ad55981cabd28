/**
 * The closed-form probe of upstream's `fewshot_lsr` (`_precompute_cache` + `_eig_fewshot_acc_fn`), in float64:
 * representations whitened by the few-shot set's mean and std (+1e-5), a constant feature of 100 appended for the
 * bias (so large that it is almost unregularised), targets one-hot in {-1, 1}, and ridge regression
 * `W = (XᵀX + λI)⁻¹ XᵀY` (or `Xᵀ(XXᵀ + λI)⁻¹Y` when there are fewer points than dimensions, as upstream). Upstream
 * solves through an eigendecomposition so that several λ share one factorisation; with one λ a Cholesky solve
 * gives the same W.
 */

const BIAS_CONSTANT = 100;

/** Row-major matrix. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

const mat = (rows: number, cols: number, data = new Float64Array(rows * cols)): Mat => ({ rows, cols, data });

/** A·B, or Aᵀ·B when `transposeA`. */
function matmul(a: Mat, b: Mat, transposeA = false): Mat {
  const [n, k] = transposeA ? [a.cols, a.rows] : [a.rows, a.cols];
  if (k !== b.rows) throw new Error(`matmul: ${n}x${k} by ${b.rows}x${b.cols}`);
  const out = mat(n, b.cols);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const v = transposeA ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
      if (v === 0) continue;
      const bRow = p * b.cols;
      const oRow = i * b.cols;
      for (let j = 0; j < b.cols; j++) out.data[oRow + j] += v * b.data[bRow + j];
    }
  }
  return out;
}

/** A·Aᵀ (`outer`) or Aᵀ·A, plus λ on the diagonal. */
function gram(a: Mat, outer: boolean, l2: number): Mat {
  const g = outer ? matmul(a, transpose(a)) : matmul(a, a, true);
  for (let i = 0; i < g.rows; i++) g.data[i * g.cols + i] += l2;
  return g;
}

function transpose(a: Mat): Mat {
  const t = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

/** Solves S·X = B for a symmetric positive definite S (Cholesky). */
export function solveSpd(s: Mat, b: Mat): Mat {
  const n = s.rows;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = s.data[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) throw new Error('fewshot_lsr: the regularised Gram matrix is not positive definite (l2_reg must be > 0)');
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  const x = mat(n, b.cols, Float64Array.from(b.data));
  for (let c = 0; c < b.cols; c++) {
    for (let i = 0; i < n; i++) {
      let sum = x.data[i * b.cols + c];
      for (let k = 0; k < i; k++) sum -= l[i * n + k] * x.data[k * b.cols + c];
      x.data[i * b.cols + c] = sum / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = x.data[i * b.cols + c];
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x.data[k * b.cols + c];
      x.data[i * b.cols + c] = sum / l[i * n + i];
    }
  }
  return x;
}

/** Whitening of the probe's training points, applied to test points too. */
interface Whitening {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

function whitening(x: Mat): Whitening {
  const mean = new Float64Array(x.cols);
  const std = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) mean[j] += x.data[i * x.cols + j] / x.rows;
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) std[j] += (x.data[i * x.cols + j] - mean[j]) ** 2 / x.rows;
  for (let j = 0; j < x.cols; j++) std[j] = Math.sqrt(std[j]) + 1e-5;
  return { mean, std };
}

/** Whitened points with the bias feature appended. */
function features(x: Mat, w: Whitening): Mat {
  const out = mat(x.rows, x.cols + 1);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) out.data[i * out.cols + j] = (x.data[i * x.cols + j] - w.mean[j]) / w.std[j];
    out.data[i * out.cols + x.cols] = BIAS_CONSTANT;
  }
  return out;
}

/** The probe's weights `[D+1, C]` and whitening, from training points `x` `[N, D]` with integer labels. */
export function fitProbe(x: Mat, labels: ArrayLike<number>, numClasses: number, l2: number): { weights: Mat; whitening: Whitening } {
  const w = whitening(x);
  const f = features(x, w);
  const y = mat(x.rows, numClasses, new Float64Array(x.rows * numClasses).fill(-1));
  for (let i = 0; i < x.rows; i++) y.data[i * numClasses + labels[i]] = 1;
  const weights = f.rows >= f.cols ? solveSpd(gram(f, false, l2), matmul(f, y, true)) : matmul(f, solveSpd(gram(f, true, l2), y), true);
  return { weights, whitening: w };
}

/** Accuracy of the probe on test points: the argmax of `features(x)·W` against the labels. */
export function probeAccuracy(probe: { weights: Mat; whitening: Whitening }, x: Mat, labels: ArrayLike<number>): number {
  const scores = matmul(features(x, probe.whitening), probe.weights);
  let correct = 0;
  for (let i = 0; i < x.rows; i++) {
    let best = 0;
    for (let c = 1; c < scores.cols; c++) if (scores.data[i * scores.cols + c] > scores.data[i * scores.cols + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return x.rows ? correct / x.rows : NaN;
}

/** A matrix from rows of numbers. */
export function matOf(rows: readonly ArrayLike<number>[], cols: number): Mat {
  const m = mat(rows.length, cols);
  rows.forEach((r, i) => m.data.set(Array.from(r), i * cols));
  return m;
}
