// Tokenizes Python lines with the pp-string injection grammar the way VS Code does: vscode-textmate and
// vscode-oniguruma (Oniguruma regexes, not JavaScript's) with VS Code's own Python grammar (MagicPython), all
// taken from the code-server install that `npm run test:e2e` makes. The regex-level unit test is
// client/src/grammar/ppStringGrammar.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { GRAMMAR_FILE, GRAMMAR_SCOPE, PP_SCOPES } from '../../client/src/grammar/ppStringGrammar';
import { ROOT } from './codeServer';

const VSCODE = path.join(ROOT, '.cache/code-server/node_modules/code-server/lib/vscode');
const PYTHON_GRAMMAR = path.join(VSCODE, 'extensions/python/syntaxes/MagicPython.tmLanguage.json');

/** The parts of vscode-textmate's API used here (it is loaded from code-server, untyped). */
interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
interface Grammar {
  tokenizeLine(line: string, stack: unknown): { tokens: Token[]; ruleStack: unknown };
}
interface TextMate {
  INITIAL: unknown;
  parseRawGrammar(text: string, file: string): unknown;
  Registry: new (options: object) => { loadGrammar(scope: string): Promise<Grammar | null> };
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}

async function loadPython(): Promise<Grammar> {
  const load = createRequire(path.join(VSCODE, 'package.json'));
  const tm = load('vscode-textmate') as TextMate;
  const onig = load('vscode-oniguruma') as Oniguruma;
  const wasm = fs.readFileSync(path.join(path.dirname(load.resolve('vscode-oniguruma')), 'onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = { 'source.python': PYTHON_GRAMMAR, [GRAMMAR_SCOPE]: GRAMMAR_FILE };
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (text: string) => new onig.OnigString(text),
    }),
    loadGrammar: async (scope: string) => (files[scope] ? tm.parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope]) : null),
    // As package.json's `injectTo: ["source.python"]` asks of VS Code.
    getInjections: (scope: string) => (scope === 'source.python' ? [GRAMMAR_SCOPE] : []),
  });
  const grammar = await registry.loadGrammar('source.python');
  assert.ok(grammar, 'source.python did not load');
  return grammar;
}

describe('pp-string grammar in VS Code\'s tokenizer', () => {
  let python: Grammar;
  let stack: unknown;
  before(async function () {
    if (!fs.existsSync(PYTHON_GRAMMAR)) throw new Error(`${VSCODE} is missing: run \`bash test/e2e/installCodeServer.sh\``);
    python = await loadPython();
  });
  beforeEach(async () => {
    const tm = createRequire(path.join(VSCODE, 'package.json'))('vscode-textmate') as TextMate;
    stack = tm.INITIAL;
  });

  /** `[text, innermost scope]` of each non-blank token of the last line. */
  function tokens(...lines: string[]): [string, string][] {
    let result: Token[] = [];
    for (const line of lines) {
      const r = python.tokenizeLine(line, stack);
      stack = r.ruleStack;
      result = r.tokens;
    }
    const line = lines[lines.length - 1];
    return result
      .map((t): [string, string] => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]])
      .filter(([text]) => text.trim() !== '');
  }

  it('colours ops, pipes, keywords, numbers and inner strings of a pp string', () => {
    const t = tokens(`config.input.pp = 'decode|resize(224, method="bicubic")|value_range(-1, 1)'`);
    const scopeOf = (text: string) => t.find(([s]) => s === text)?.[1];
    assert.equal(scopeOf('decode'), PP_SCOPES.op);
    assert.equal(scopeOf('resize'), PP_SCOPES.op);
    assert.equal(scopeOf('value_range'), PP_SCOPES.op);
    assert.equal(scopeOf('|'), PP_SCOPES.pipe);
    assert.equal(scopeOf('method'), PP_SCOPES.keyword);
    assert.equal(scopeOf('"bicubic"'), PP_SCOPES.innerString);
    assert.equal(scopeOf('-1'), PP_SCOPES.number);
    assert.deepEqual(t.filter(([, s]) => s === 'punctuation.definition.string.end.python').map(([s]) => s), ["'"]);
  });

  it('keeps pp strings Python strings, so other tools still see a string', () => {
    const line = `x = 'decode|flip_lr'`;
    const r = python.tokenizeLine(line, stack);
    const op = r.tokens.find((tok) => line.slice(tok.startIndex, tok.endIndex) === 'flip_lr');
    assert.ok(op?.scopes.includes('string.quoted.single.python'), JSON.stringify(op?.scopes));
  });

  it('works on continuation lines (which VS Code\'s Python grammar treats as docstrings) and f-strings', () => {
    const t = tokens('pp = (', `    '|onehot(1000, key="label")'`);
    assert.deepEqual(t.find(([s]) => s === 'onehot'), ['onehot', PP_SCOPES.op]);
    const f = tokens(`pp = f'decode|inception_crop({res})|flip_lr'`);
    assert.deepEqual(f.find(([s]) => s === 'inception_crop'), ['inception_crop', PP_SCOPES.op]);
    assert.ok(f.some(([s, scope]) => s === '{' && scope.startsWith('constant.character.format.placeholder')), JSON.stringify(f));
  });

  it('leaves other strings and the rest of the line to Python', () => {
    const t = tokens(`loss = 'softmax_xent'  # 'decode|flip_lr' in a comment`);
    assert.ok(!t.some(([, scope]) => scope.endsWith('.pp.bigvision')), JSON.stringify(t));
    const after = tokens(`x = 'decode|flip_lr' + labels`);
    assert.deepEqual(after[after.length - 1], ['labels', 'source.python']);
  });
});
