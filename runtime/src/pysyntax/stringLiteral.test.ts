// The one Python string-literal lexer: where literals end, CPython's decoding with its source map, strict errors
// at the characters at fault, and no second escape table anywhere in the sources.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeStringContent, DecodeSink, scanString, type DecodeFlags } from './stringLiteral';

const PLAIN: DecodeFlags = { raw: false, bytes: false, fstring: false };

function decode(src: string, flags: DecodeFlags = PLAIN): { value: string; errors: string[]; starts: number[] } {
  const lit = scanString(src, 0);
  assert.ok(lit, `no literal in ${src}`);
  const sink = new DecodeSink(lit.contentEnd - lit.contentStart);
  const errors: string[] = [];
  decodeStringContent(src, lit.contentStart, lit.contentEnd, flags, sink, (m, s, e) => errors.push(`${m}@${s}-${e}`));
  return { value: sink.value(), errors, starts: [...sink.starts.subarray(0, sink.length)] };
}

describe('stringLiteral', () => {
  it('finds prefix, quote and end, a backslash protecting a quote in raw strings too', () => {
    assert.deepEqual(scanString(`rb'a\\'b' + x`, 0), { prefix: 'rb', quote: "'", contentStart: 3, contentEnd: 7, end: 8, terminated: true });
    assert.deepEqual(scanString(`"""a"b"""`, 0), { prefix: '', quote: '"""', contentStart: 3, contentEnd: 6, end: 9, terminated: true });
    const open = scanString(`'abc\nx = 1`, 0);
    assert.equal(open?.terminated, false);
    assert.equal(open?.contentEnd, 4);
    assert.equal(scanString('name', 0), undefined);
  });

  it('decodes as CPython does and maps each value unit to its source', () => {
    const d = decode(`'a\\n\\x41\\u00e9\\101\\q'`);
    assert.equal(d.value, 'a\nAéA\\q');
    assert.deepEqual(d.starts.slice(0, 4), [1, 2, 4, 8]);
    assert.deepEqual(d.errors, []);
    assert.equal(decode(`r'a\\n'`, { raw: true, bytes: false, fstring: false }).value, 'a\\n');
    assert.equal(decode(`f'{{x}}'`, { raw: false, bytes: false, fstring: true }).value, '{x}');
    assert.equal(decode(`b'\\u0041'`, { raw: false, bytes: true, fstring: false }).value, '\\u0041');
  });

  it('reports malformed escapes where they are, and recovers for a lenient reader', () => {
    const d = decode(`'a\\x4'`);
    assert.deepEqual(d.errors, ['truncated \\x escape@2-5']);
    assert.equal(d.value, 'a\\x4');
    assert.match(decode(`'\\N{DASH}'`).errors[0], /not supported here/);
  });

  it('is the only escape table in the TypeScript sources', () => {
    const root = join(__dirname, '..', '..', '..');
    const hits: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ts$/.test(name) && !name.endsWith('.test.ts') && /a: '\\x07'/.test(readFileSync(path, 'utf8'))) hits.push(relative(root, path));
      }
    };
    for (const side of ['runtime/src', 'server/src', 'client/src']) walk(join(root, side));
    assert.deepEqual(hits, ['runtime/src/pysyntax/stringLiteral.ts']);
  });
});
