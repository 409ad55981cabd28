import * as assert from 'node:assert/strict';
import { crc32c, maskCrc, maskedCrc32c } from './crc32c';

describe('crc32c', () => {
  it('matches the RFC 3720 / iSCSI check values', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
    const ascending = Uint8Array.from({ length: 32 }, (_, i) => i);
    assert.equal(crc32c(ascending), 0x46dd794e);
  });

  it('continues across chunks and sub-ranges like one pass', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131) & 0xff);
    const whole = crc32c(data);
    assert.equal(crc32c(data.subarray(37), crc32c(data.subarray(0, 37))), whole);
    assert.equal(crc32c(data, 0, 5, 17), crc32c(data.subarray(5, 17)));
  });

  it('masks as TFRecord does: rotate right 15, add 0xa282ead8', () => {
    assert.equal(maskCrc(0), 0xa282ead8);
    assert.equal(maskCrc(0x00008000), (1 + 0xa282ead8) >>> 0);
    assert.equal(maskedCrc32c(Buffer.from('123456789')), maskCrc(0xe3069283));
  });
});
