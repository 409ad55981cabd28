import assert from 'node:assert/strict';
import { createProgress, formatEta, formatEval, formatProgress, type ProgressInfo } from './progress';

const at = (step: number, over: Partial<ProgressInfo> = {}): ProgressInfo => ({ step, total: 4, imgPerSec: 10, loss: 1, etaSeconds: 0, logged: true, ...over });
const evalOf = (step: number) => ({ name: 'val', step, total: 4, results: [['prec@1', 0.95], ['loss', 0.15012]] as const, seconds: 2.06 });

describe('train/progress', () => {
  it('formats the bar, ETAs and eval results', () => {
    assert.equal(formatEta(3725), '1h02m');
    assert.equal(formatEta(65), '1m05s');
    assert.equal(formatEta(NaN), '?');
    assert.equal(formatProgress({ step: 150, total: 300, imgPerSec: 412.34, loss: 0.23119, etaSeconds: 62, logged: true }, 10), '[#####.....] 150/300  412.3 img/s  loss 0.2312  ETA 1m02s');
    assert.equal(formatEval(evalOf(2)), 'eval val at step 2/4: prec@1 0.9500, loss 0.1501 (2.1s)');
    assert.equal(formatEval({ ...evalOf(2), results: [['a', 1], ['b', 2.5e-7], ['c', 0]] }), 'eval val at step 2/4: a 1.0000, b 2.500e-7, c 0.0000 (2.1s)');
  });

  it('without a TTY prints one step line per logged step and eval results as lines', () => {
    let out = '';
    const plain = createProgress({ write: (s: string) => (out += s) }, { tty: false });
    plain.update(at(1, { imgPerSec: NaN, logged: false }));
    plain.evaluating('val');
    plain.evaluated(evalOf(2));
    plain.update(at(2));
    plain.note('a\nb');
    assert.equal(out, 'eval val at step 2/4: prec@1 0.9500, loss 0.1501 (2.1s)\nstep 2/4  10.0 img/s  loss 1.0000  ETA 0s\nNOTE: a | b\n');
  });

  it('on a TTY redraws one progress line, names a running eval on it and prints results above it', () => {
    let out = '';
    const tty = createProgress({ write: (s: string) => (out += s), isTTY: true });
    tty.update(at(2));
    tty.evaluating('val');
    tty.evaluated(evalOf(2));
    tty.note('x');
    const redraws = out.split('\r\x1b[2K').filter(Boolean);
    assert.deepEqual(redraws, [
      '[############............] 2/4  10.0 img/s  loss 1.0000  ETA 0s',
      '[############............] 2/4  10.0 img/s  loss 1.0000  ETA 0s  evaluating val...',
      'eval val at step 2/4: prec@1 0.9500, loss 0.1501 (2.1s)\n',
      '[############............] 2/4  10.0 img/s  loss 1.0000  ETA 0s',
      'NOTE: x\n',
    ]);
  });
});
