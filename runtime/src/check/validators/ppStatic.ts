/**
 * pp strings written in the source but not (or not only) reached by this evaluation: string literals stored
 * under a pp-named key (`pp_img=...`, `'pp_txt': ...`, `pp_eval = ...`, a `pp_*` parameter default), in the
 * config and in the big_vision/configs helper modules it used (e.g. image_text/common.py, whose imagenet_a
 * override uses the op `map`, which upstream does not register). Only unknown ops are reported, as Warnings:
 * such code may never run, and fragments built into strings elsewhere cannot be judged alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { isPpKey, ppOps, ppStrings } from '../../registry';
import { parsePpCached } from '../ppCache';
import { LineIndex } from '../../pyparse/lineIndex';
import { plainString, targetChain } from '../../pyparse/keyPath';
import { parsePython } from '../../pyparse/parser';
import { INTERPOLATION, sourceRange, stringLiterals, type StringLiteral } from '../../pyparse/strings';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';

const PASS_THROUGH = new Set(['binary_operator', 'parenthesized_expression', 'conditional_expression', 'lambda', 'list', 'tuple']);
const STRING_METHODS = new Set(['join', 'format', 'replace']);

/** `'|'.join([...])` / `'...'.format(...)`: a string method call, whose result is still a pp string. */
function stringMethodCall(call: Node | null): boolean {
  const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
  return fn?.type === 'attribute' && STRING_METHODS.has(fn.childForFieldName('attribute')?.text ?? '');
}

/** The name a literal is stored under (keyword, dict key, assignment target, parameter), if any. */
export function storedUnder(node: Node): string | undefined {
  let child = node;
  let parent = node.parent;
  while (parent) {
    switch (parent.type) {
      case 'keyword_argument':
      case 'default_parameter':
      case 'typed_default_parameter':
        return parent.childForFieldName('value')?.id === child.id ? parent.childForFieldName('name')?.text : undefined;
      case 'pair':
        return parent.childForFieldName('value')?.id === child.id ? plainString(parent.childForFieldName('key')) : undefined;
      case 'assignment':
      case 'augmented_assignment': {
        const left = parent.childForFieldName('left');
        const chain = parent.childForFieldName('right')?.id === child.id && left ? targetChain(left) : undefined;
        const last = chain?.[chain.length - 1];
        return typeof last === 'string' ? last : undefined;
      }
      case 'argument_list':
        if (!stringMethodCall(parent.parent)) return undefined;
        break;
      case 'attribute':
        if (parent.childForFieldName('object')?.id !== child.id) return undefined;
        break;
      case 'call':
        if (parent.childForFieldName('function')?.id !== child.id || !stringMethodCall(parent)) return undefined;
        break;
      default:
        if (!PASS_THROUGH.has(parent.type)) return undefined;
    }
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

/** Unknown ops in the pp literals of one file; `covered` literals are left to the evaluated-config check. */
function scan(file: string, literals: readonly StringLiteral[], lines: LineIndex, covered: (value: string) => boolean = () => false): Problem[] {
  const out: Problem[] = [];
  for (const lit of literals) {
    if (lit.bytes || (!lit.value.includes('(') && !lit.value.includes('|')) || covered(lit.value)) continue;
    const key = storedUnder(lit.node);
    if (!key || !isPpKey(key)) continue;
    for (const call of parsePpCached(lit.value).calls) {
      if (ppOps.get(call.name) || call.name.includes(INTERPOLATION)) continue;
      const hints = ppOps.suggest(call.name);
      const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : '';
      const r = sourceRange(lit, call.nameStart, call.nameEnd);
      const s = lines.positionAt(r.start);
      const e = lines.positionAt(r.end);
      out.push({
        code: 'pp-unknown-op',
        severity: 'warning',
        message: `Unknown pp op '${call.name}' in a pp string stored under '${key}' (upstream raises KeyError if it runs).${hint}`,
        range: { file, line: s.line + 1, col: s.character, endLine: e.line + 1, endCol: e.character },
      });
    }
  }
  return out;
}

const helperCache = new Map<string, { source: string; problems: Problem[] }>();

/** The checkout's configs folder a file lies in (`.../big_vision/configs/`), if any. */
function configsRoot(file: string): string | undefined {
  const marker = `${path.sep}big_vision${path.sep}configs${path.sep}`;
  const i = file.lastIndexOf(marker);
  return i < 0 ? undefined : file.slice(0, i + marker.length);
}

function helperProblems(ctx: CheckContext, file: string): Problem[] {
  let source: string | undefined;
  try {
    source = ctx.readFile ? ctx.readFile(file) : fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  if (source === undefined) return [];
  const hit = helperCache.get(file);
  if (hit && hit.source === source) return hit.problems;
  const tree = parsePython(source);
  try {
    const problems = scan(file, stringLiterals(tree.rootNode, source), new LineIndex(source));
    helperCache.set(file, { source, problems });
    return problems;
  } finally {
    tree.delete();
  }
}

/** Whether some evaluated pp string holds literal value `v` (an f-string's text around each interpolation). */
function coveredBy(evaluated: readonly string[], v: string): boolean {
  const fragments = v.split(INTERPOLATION).filter((f) => f !== '');
  return evaluated.some((e) => fragments.every((f) => e.includes(f)));
}

export const ppStatic: Validator = {
  name: 'ppStatic',
  // Where ppStrings placed the same unknown op at the same characters, its (evaluated, exact) problem wins.
  defers: true,
  validate(ctx: CheckContext): Problem[] {
    // A literal that is part of an evaluated pp string is checked (more precisely) by ppStrings.
    const evaluated = ctx.config ? ppStrings(ctx.config).map((p) => p.value) : [];
    const out = scan(ctx.file, ctx.literals(), ctx.lines, (v) => coveredBy(evaluated, v));
    // Helper modules of the config's own checkout (not the engine's bundled copies).
    const root = configsRoot(ctx.file);
    for (const helper of ctx.helperFiles) {
      if (root && helper.startsWith(root)) out.push(...helperProblems(ctx, helper));
    }
    return out;
  },
};
