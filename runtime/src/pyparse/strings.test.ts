import * as assert from 'node:assert/strict';
import { initPyparse, parsePython } from './parser';
import { INTERPOLATION, literalAt, sourceRange, stringLiterals, valueOffsetAt } from './strings';

/** The only literal of `x = <literal>`. */
function literal(src: string) {
  const text = `x = ${src}\n`;
  const tree = parsePython(text);
  const lits = stringLiterals(tree.rootNode, text);
  assert.equal(lits.length, 1, `one literal in ${src}`);
  return { text, lit: lits[0] };
}

describe('pyparse: string literals', () => {
  before(() => initPyparse());

  const VALUES: readonly [string, string, string?][] = [
    ["'abc'", 'abc'],
    [String.raw`'x\ny\tz\\q\'w'`, 'x\ny\tz\\q\'w'],
    [String.raw`'\x41\101\u00e9\U0001F600'`, 'AAé😀'],
    [String.raw`'\N{BULLET}!'`, '\ufffd!', 'a named escape stands as one replacement character'],
    [String.raw`r'\n\d'`, String.raw`\n\d`],
    [String.raw`'\d'`, String.raw`\d`, 'an unknown escape keeps its backslash'],
    ["'a' \"b\" '''c'''", 'abc'],
    ["f'a{b!r:>3}c{{d}}'", `a${INTERPOLATION}c{d}`],
    ["rf'{x}\\d'", `${INTERPOLATION}\\d`],
    ["'''t\nu'''", 't\nu'],
    ["'a\\\nb'", 'ab', 'a backslash-newline continues the line'],
    ["'é😀a'", 'é😀a'],
  ];
  for (const [src, value, why] of VALUES) {
    it(`${src.replace(/\n/g, '⏎')} → ${JSON.stringify(value)}${why ? ` (${why})` : ''}`, () => {
      assert.equal(literal(src).lit.value, value);
    });
  }

  it('maps value characters back to their source characters through escapes and parts', () => {
    const { text, lit } = literal(String.raw`'de\x63ode|' "res\tize(3)"`);
    assert.equal(lit.value, 'decode|res\tize(3)');
    const at = (from: number, to: number) => { const r = sourceRange(lit, from, to); return text.slice(r.start, r.end); };
    assert.equal(at(0, 6), String.raw`de\x63ode`);
    assert.equal(at(7, 11), String.raw`res\t`);
    assert.equal(at(14, 15), '(');
    assert.equal(at(2, 3), String.raw`\x63`);
    // A surrogate pair's two units map back to the pair.
    const emoji = literal("'😀x'");
    const r = sourceRange(emoji.lit, 0, 2);
    assert.equal(emoji.text.slice(r.start, r.end), '😀');
  });

  it('reports bytes and f-strings, and every part', () => {
    const { lit } = literal("b'a' b'b'");
    assert.equal(lit.bytes, true);
    const f = literal("'a' f'{b}'").lit;
    assert.equal(f.fstring, true);
    assert.deepEqual(f.parts.map((p) => [p.prefix, p.quote]), [['', "'"], ['f', "'"]]);
  });

  it('finds literals inside f-string interpolations and in docstrings', () => {
    const text = '"""Doc."""\nx = f\'{d["k"]}\'\n';
    const tree = parsePython(text);
    assert.deepEqual(stringLiterals(tree.rootNode, text).map((l) => l.value), ['Doc.', INTERPOLATION, 'k']);
    const nested = `x = 'a' f'{"b" "c"}' 'd'\n`;
    const tree2 = parsePython(nested);
    assert.deepEqual(stringLiterals(tree2.rootNode, nested).map((l) => l.value), [`a${INTERPOLATION}d`, 'bc']);
  });

  it('literalAt: the literal and value offset at a cursor, none outside the quotes', () => {
    const text = "x = 'ab' 'cd'\n";
    const tree = parsePython(text);
    const hit = literalAt(tree.rootNode, text, text.indexOf('cd') + 1);
    assert.equal(hit?.literal.value, 'abcd');
    assert.equal(hit?.valueOffset, 3);
    assert.equal(literalAt(tree.rootNode, text, 2), undefined);
    assert.equal(valueOffsetAt(hit!.literal, text.indexOf("'cd'") - 1), undefined, 'between the parts');
    assert.equal(literalAt(tree.rootNode, text, text.indexOf("'cd'") + 3)?.valueOffset, 4, 'at the end of the content');
  });
});
