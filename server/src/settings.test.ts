/**
 * Settings parsing (wrong types fall back to defaults) and the glob matcher behind `bigVision.configGlobs`.
 */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { globToRegExp, matchesGlobs, parseSettings } from './settings';

describe('settings', () => {
  it('defaults the TFDS dir to $TFDS_DATA_DIR, else ~/tensorflow_datasets', () => {
    assert.equal(parseSettings(undefined, { TFDS_DATA_DIR: '/data/tfds' }).tfdsDataDir, '/data/tfds');
    assert.equal(parseSettings({}, {}).tfdsDataDir, path.join(os.homedir(), 'tensorflow_datasets'));
  });
  it('keeps valid values and drops wrong types', () => {
    const s = parseSettings({ configGlobs: ['**/*_cfg.py', 3], tfdsDataDir: '~/tfds', evaluationTimeoutMs: 'fast', trace: { server: 'verbose' } }, {});
    assert.deepEqual(s.configGlobs, ['**/*_cfg.py']);
    assert.equal(s.tfdsDataDir, path.join(os.homedir(), 'tfds'));
    assert.equal(s.evaluationTimeoutMs, 2000);
    assert.equal(s.trace.server, 'verbose');
  });
  const globs: [string, string, boolean][] = [
    ['**/*_cfg.py', '/w/a/b/x_cfg.py', true],
    ['**/*_cfg.py', '/w/a/b/x_cfg.pyc', false],
    ['configs/*.py', '/w/configs/a.py', true],
    ['configs/*.py', '/w/configs/sub/a.py', false],
    ['*.{py,pyi}', '/w/x.pyi', true],
    ['exp?.py', '/w/exp1.py', true],
    ['exp[0-9].py', '/w/expa.py', false],
  ];
  for (const [glob, file, want] of globs) {
    it(`${glob} ${want ? 'matches' : 'does not match'} ${file}`, () => {
      assert.equal(matchesGlobs(file, [glob]), want, String(globToRegExp(glob)));
    });
  }
});
