import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS } from '../contract';
import { readPersistedState } from './persisted';

describe('metrics panel: restoring saved state', () => {
  it('keeps what is well formed and drops the rest field by field', () => {
    const state = readPersistedState({
      runs: [{ workdir: '/r/a', label: 'a', startedMs: 5 }, { workdir: '/r/b' }, { label: 'no workdir' }, 'junk'],
      options: { smoothing: 0.9, xMode: 'sideways', logY: true },
      window: { min: 5, max: 1 },
      collapsed: ['z', 3],
    });
    assert.deepEqual(state.runs, [{ workdir: '/r/a', label: 'a', startedMs: 5 }, { workdir: '/r/b', label: '/r/b' }]);
    assert.deepEqual(state.options, { ...DEFAULT_OPTIONS, smoothing: 0.9, logY: true });
    assert.equal(state.window, null);
    assert.deepEqual(state.collapsed, ['z']);
    assert.deepEqual(readPersistedState(undefined), { runs: [], options: DEFAULT_OPTIONS, window: null, collapsed: [] });
  });
});
