import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMetricsFile, parseMetricsLine } from './contract';
import { formatMetricsLine, MetricWriter } from './writer';

describe('metrics/writer', () => {
  it('writes one line per step that measured something, with shapes for arrays, and config.json', () => {
    const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-mw-'));
    const logged: string[] = [];
    const mw = new MetricWriter({ workdir, configText: '{"lr": 0.001}', log: (l) => logged.push(l) });
    mw.stepStart(0);
    mw.measure('num_params', 1234); // dropped by the next stepStart, as upstream
    mw.stepStart(1);
    mw.measure('training_loss', 2.5);
    mw.measure('val/all', [[1, 2, 3], [4, 5, 6]]);
    mw.measure('z', [[7]]);
    mw.stepEnd();
    mw.stepStart(2);
    mw.stepEnd();
    mw.stepStart(3);
    mw.measure('training_loss', NaN);
    mw.close();
    const text = fs.readFileSync(path.join(workdir, 'big_vision_metrics.txt'), 'utf8');
    assert.equal(text, '{"step": 1, "training_loss": 2.5, "val/all": [2, 3], "z": 7.0}\n{"step": 3, "training_loss": NaN}\n');
    assert.equal(fs.readFileSync(path.join(workdir, 'config.json'), 'utf8'), '{"lr": 0.001}');
    assert.ok(logged.includes('[1] val/all = (2, 3)'));
    const recs = parseMetricsFile(text);
    assert.equal(recs.length, 2);
    assert.ok(Number.isNaN(recs[1].training_loss));
  });

  it('parses Python JSON tokens but not inside strings, and skips a torn last line', () => {
    const line = formatMetricsLine(4, new Map([['NaN/x', Infinity], ['b', -Infinity]]));
    assert.deepEqual(parseMetricsLine(line), { step: 4, 'NaN/x': Infinity, b: -Infinity });
    assert.equal(parseMetricsFile('{"step": 1, "a": 1.0}\n{"step": 2, "a"').length, 1);
    assert.throws(() => parseMetricsFile('{"step": 1\n{"step": 2}\n'), /line 1/);
    assert.throws(() => parseMetricsLine('[1]'), /not a metrics record/);
  });
});
