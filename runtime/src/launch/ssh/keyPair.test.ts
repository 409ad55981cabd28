import assert from 'node:assert/strict';
import { utils } from 'ssh2';
import { generateParsable } from './keyPair';

describe('launch/ssh/keyPair', () => {
  it('generates only keys ssh2 reads back (its generator writes ~1 in 270 malformed)', () => {
    // Without the check, 1500 keys hold a malformed one with probability ~99.6%.
    for (let i = 0; i < 1500; i++) assert.ok(!(utils.parseKey(generateParsable('big-vision-studio').private) instanceof Error), `key ${i}`);
  });
});
