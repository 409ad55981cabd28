// The pp-string grammar's regexes, applied with JavaScript's RegExp (the syntax used is the subset JavaScript and
// Oniguruma share), and the generated JSON's freshness. Real tokenization with vscode-textmate and VS Code's own
// Python grammar runs in test/e2e/grammar.test.ts, which has code-server's copies of both.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { GRAMMAR_FILE, ppLookahead, ppStringGrammar, ppStringGrammarJson } from './ppStringGrammar';

type Rule = { begin?: string; match?: string; end?: string; patterns?: { include?: string }[] };
const repository = (ppStringGrammar().repository ?? {}) as Record<string, Rule>;

/** Whether the grammar would take over the string literal that starts at the first quote (or prefix) in `code`. */
function claims(code: string): boolean {
  return Object.entries(repository)
    .filter(([key]) => key.startsWith('string-'))
    .some(([, rule]) => {
      const re = new RegExp(rule.begin ?? '', 'g');
      return re.test(code);
    });
}

/** The `match` regex of a pipeline or argument rule with the given scope, as a global RegExp. */
function ruleRegex(key: string, scope: string): RegExp {
  const rule = (repository[key].patterns ?? []).find((r) => (r as { name?: string }).name === scope) as Rule | undefined;
  assert.ok(rule?.match, `no rule named ${scope} in ${key}`);
  return new RegExp(rule.match, 'g');
}

describe('pp-string grammar', () => {
  it('syntaxes/ppString.tmLanguage.json is generated from ppStringGrammar.ts', () => {
    const onDisk = fs.readFileSync(GRAMMAR_FILE, 'utf8');
    assert.equal(onDisk, ppStringGrammarJson(), 'stale grammar: run `npx tsx client/src/grammar/ppStringGrammar.ts --write`');
  });

  const pp = [
    `x = 'decode|resize(224)|value_range(-1, 1)'`,
    `x = "decode|resize(224, method='bicubic')|keep('image', 'labels')"`,
    `x = 'decode|resize((224, 224))'`,
    `labels = '|onehot(1000, key="{lbl}", key_result="labels")'`,
    `x = 'decode|'`,
    `x = 'decode||flip_lr'`,
    `x = 'randaug(2,10)'`,
    `x = f'decode|inception_crop({res})|flip_lr'`,
    `x = rf"decode|resize({res})"`,
    `    'decode|inception_crop(224)'`,
    `x = 'decode | resize(224)'`,
    `sharding = [('.*', 'fsdp(axis="data")')]`,
  ];
  for (const line of pp) {
    it(`claims ${line.trim()}`, () => assert.ok(claims(line)));
  }

  const notPp = [
    `x = 'hello world'`,
    `x = 'decode'`,
    `x = 'B/16'`,
    `x = 'train[:99%]'`,
    `x = '|'.join(ops)`,
    `x = 'decode|resize(224'`,
    `x = 'decode|inception_crop(224)  # note'`,
    `x = 'a|b c'`,
    `x = '{lbl}'`,
    `x = ''`,
  ];
  for (const line of notPp) {
    it(`leaves alone ${line.trim()}`, () => assert.ok(!claims(line)));
  }

  it('does not claim a string whose pieces contain the other string\'s quote', () => {
    const re = new RegExp(`'${ppLookahead("'")}`);
    assert.ok(re.test(`'decode|resize(224)'`));
    assert.ok(!re.test(`'decode|resize(method='x')'`));
  });

  it('colours keyword arguments, numbers, constants and inner strings', () => {
    const args = 'args-single';
    const text = `224, method="bicubic", antialias=True, vmin=-1.5e-3, n=1_000`;
    const numbers = [...text.matchAll(ruleRegex(args, 'constant.numeric.pp.bigvision'))].map((m) => m[0]);
    assert.deepEqual(numbers, ['224', '-1.5e-3', '1_000']);
    const strings = [...text.matchAll(ruleRegex(args, 'string.quoted.pp.bigvision'))].map((m) => m[0]);
    assert.deepEqual(strings, ['"bicubic"']);
    const constants = [...text.matchAll(ruleRegex(args, 'constant.language.pp.bigvision'))].map((m) => m[0]);
    assert.deepEqual(constants, ['True']);
    const kw = (repository[args].patterns ?? []).find((r) => (r as { captures?: unknown }).captures) as Rule;
    const names = [...text.matchAll(new RegExp(kw.match ?? '', 'g'))].map((m) => m[1]);
    assert.deepEqual(names, ['method', 'antialias', 'vmin', 'n']);
  });

  it('ends every pp rule at the closing quote, so a broken call never runs past its string', () => {
    for (const [key, rule] of Object.entries(repository)) {
      if (!key.startsWith('string-')) continue;
      const quote = key.includes('double') ? '"' : "'";
      assert.ok(new RegExp(rule.end ?? '').exec(`abc${quote}`)?.index === 3, `${key} end`);
    }
    for (const key of ['pipeline-single', 'pipeline-double']) {
      const call = (repository[key].patterns ?? []).find((r) => (r as Rule).begin) as Rule;
      const quote = key.includes('double') ? '"' : "'";
      assert.equal(new RegExp(call.end ?? '').exec(`224${quote}`)?.index, 3, `${key} call end`);
      assert.equal(new RegExp(call.end ?? '').exec(`224|x`)?.index, 3, `${key} call ends at '|'`);
    }
  });

  it('every #include names a rule of the repository or of source.python', () => {
    const includes = JSON.stringify(ppStringGrammar()).match(/"include":"[^"]+"/g) ?? [];
    for (const inc of includes) {
      const target = inc.slice('"include":"'.length, -1);
      if (target.startsWith('source.python#')) continue;
      assert.ok(target.startsWith('#') && repository[target.slice(1)], `dangling include ${target}`);
    }
  });
});
