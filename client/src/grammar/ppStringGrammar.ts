/**
 * Source of the TextMate injection grammar that highlights pp strings (`'decode|resize(224)|value_range(-1, 1)'`)
 * inside Python, written to syntaxes/ppString.tmLanguage.json. Generated because the grammar needs one copy of
 * each rule per quote kind (a TextMate rule cannot refer back to the quote its parent opened) and per f-string-ness;
 * `ppStringGrammar.test.ts` fails when the JSON is stale. Regenerate with
 * `npx tsx client/src/grammar/ppStringGrammar.ts --write`.
 *
 * Which strings: the grammar cannot read the registry (it is static JSON), so it recognises pp strings by shape:
 * two or more `name` / `name(args)` pieces joined by `|`, a piece with a leading or trailing `|` (the
 * `'|onehot(1000)'` fragments configs concatenate), or a single call `name(args)`. A lone word such as
 * `'decode'` is left alone, as it is indistinguishable from any other string. The injection takes over the whole
 * string literal (scoped `string.quoted.single.python` like Python's own rule, plus `meta.pp-string.bigvision`),
 * which is how the rule knows which quote ends it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Scope names, in one place for the grammar and its tests. */
export const PP_SCOPES = {
  string: 'string.quoted.single.python meta.pp-string.bigvision',
  prefix: 'storage.type.string.python',
  quoteBegin: 'punctuation.definition.string.begin.python',
  quoteEnd: 'punctuation.definition.string.end.python',
  pipe: 'keyword.operator.pipe.pp.bigvision',
  op: 'entity.name.function.pp.bigvision',
  parenBegin: 'punctuation.parenthesis.begin.pp.bigvision',
  parenEnd: 'punctuation.parenthesis.end.pp.bigvision',
  keyword: 'variable.parameter.pp.bigvision',
  assign: 'keyword.operator.assignment.pp.bigvision',
  number: 'constant.numeric.pp.bigvision',
  constant: 'constant.language.pp.bigvision',
  innerString: 'string.quoted.pp.bigvision',
  comma: 'punctuation.separator.arguments.pp.bigvision',
} as const;

export const GRAMMAR_SCOPE = 'pp-string.injection.bigvision';
export const GRAMMAR_FILE = path.resolve(__dirname, '../../../syntaxes/ppString.tmLanguage.json');

type Quote = "'" | '"';
type Rule = Record<string, unknown>;

const NAME = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*';

/** A piece between `|`s: a name, a call with arguments that hold neither the quote nor `|`, or an f-string `{x}`. */
function piece(q: Quote): string {
  return `\\s*(?:${NAME}(?:\\s*\\([^${q}|\\n]*\\))?|\\{[^}${q}\\n]*\\})\\s*`;
}

/**
 * Lookahead on the string's content (up to its closing quote `q`) that accepts only pp-shaped strings; each
 * alternative is one of the shapes in the header.
 */
export function ppLookahead(q: Quote): string {
  const p = piece(q);
  const call = `\\s*${NAME}\\s*\\([^${q}|\\n]*\\)\\s*`;
  return `(?=\\|*${p}(?:\\|+${p})+\\|*${q}|\\|+${p}\\|*${q}|${p}\\|+${q}|${call}${q})`;
}

function quoteName(q: Quote): string {
  return q === "'" ? 'single' : 'double';
}

/** Rules inside a call's parentheses for strings quoted with `q` (inner strings use the other quote). */
function argumentRules(q: Quote, fstring: boolean): Rule[] {
  const other = q === "'" ? '"' : "'";
  const rules: Rule[] = [
    { include: 'source.python#escape-sequence' },
    {
      match: `\\b([A-Za-z_][A-Za-z0-9_]*)\\s*(=)(?!=)`,
      captures: { 1: { name: PP_SCOPES.keyword }, 2: { name: PP_SCOPES.assign } },
    },
    { name: PP_SCOPES.innerString, match: `${other}(?:[^${other}\\\\${q}\\n]|\\\\.)*${other}` },
    { name: PP_SCOPES.constant, match: '\\b(?:True|False|None)\\b' },
    { name: PP_SCOPES.number, match: '(?<![A-Za-z0-9_.])[-+]?(?:\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)(?:[eE][-+]?\\d+)?j?\\b' },
    { name: PP_SCOPES.comma, match: ',' },
    // Tuples and lists as arguments (`resize((224, 224))`) nest; the closing quote still ends everything.
    { begin: '[(\\[]', end: `[)\\]]|(?=[${q}|]|$)`, patterns: [{ include: `#args-${quoteName(q)}${fstring ? '-f' : ''}` }] },
  ];
  // In an f-string, `{expr}` is Python: let Python's own f-string rule colour it.
  if (fstring) rules.unshift({ include: 'source.python#fstring-single-brace' });
  return rules;
}

/** The rules of one pipeline (`decode|resize(224)`) for quote `q`. */
function pipelineRules(q: Quote, fstring: boolean): Rule[] {
  const key = `${quoteName(q)}${fstring ? '-f' : ''}`;
  const rules: Rule[] = [
    { include: 'source.python#escape-sequence' },
    { name: PP_SCOPES.pipe, match: '\\|' },
    {
      begin: `(${NAME})\\s*(\\()`,
      beginCaptures: { 1: { name: PP_SCOPES.op }, 2: { name: PP_SCOPES.parenBegin } },
      end: `(\\))|(?=[${q}|]|$)`,
      endCaptures: { 1: { name: PP_SCOPES.parenEnd } },
      patterns: [{ include: `#args-${key}` }],
    },
    { name: PP_SCOPES.op, match: NAME },
  ];
  if (fstring) rules.unshift({ include: 'source.python#fstring-single-brace' });
  return rules;
}

/** The rule that owns a whole pp string literal quoted with `q`. */
function stringRule(q: Quote, fstring: boolean): Rule {
  // Python's prefixes: r/u for plain strings; f with an optional r for f-strings.
  const prefix = fstring ? '[fF][rR]?|[rR][fF]' : '[rRuU]?';
  return {
    name: PP_SCOPES.string,
    begin: `(?<![A-Za-z0-9_])(${prefix})(${q})${ppLookahead(q)}`,
    beginCaptures: { 1: { name: PP_SCOPES.prefix }, 2: { name: PP_SCOPES.quoteBegin } },
    end: `(${q})|(?=\\n)|$`,
    endCaptures: { 1: { name: PP_SCOPES.quoteEnd } },
    patterns: [{ include: `#pipeline-${quoteName(q)}${fstring ? '-f' : ''}` }],
  };
}

/** The grammar, as written to syntaxes/ppString.tmLanguage.json. */
export function ppStringGrammar(): Rule {
  const repository: Record<string, Rule> = {};
  const variants: [Quote, boolean][] = [["'", false], ['"', false], ["'", true], ['"', true]];
  for (const [q, f] of variants) {
    const key = `${quoteName(q)}${f ? '-f' : ''}`;
    repository[`string-${key}`] = stringRule(q, f);
    repository[`pipeline-${key}`] = { patterns: pipelineRules(q, f) };
    repository[`args-${key}`] = { patterns: argumentRules(q, f) };
  }
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    comment: 'Generated by client/src/grammar/ppStringGrammar.ts; edit that file, not this one.',
    scopeName: GRAMMAR_SCOPE,
    // L: our rules win over Python's string rules at the same position; never inside strings or comments.
    injectionSelector: 'L:source.python -string -comment',
    patterns: variants.map(([q, f]) => ({ include: `#string-${quoteName(q)}${f ? '-f' : ''}` })),
    repository,
  };
}

/** The JSON text of the grammar file (stable formatting, trailing newline). */
export function ppStringGrammarJson(): string {
  return `${JSON.stringify(ppStringGrammar(), null, 2)}\n`;
}

if (require.main === module && process.argv.includes('--write')) {
  fs.writeFileSync(GRAMMAR_FILE, ppStringGrammarJson());
  console.log(`wrote ${path.relative(process.cwd(), GRAMMAR_FILE)}`);
}
