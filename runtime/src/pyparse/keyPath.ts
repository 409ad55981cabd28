/**
 * Infers, from syntax alone, which config key a piece of a config file will be stored under: the value in
 * `config.input = dict(data=dict(name='x'))` at `'x'` becomes `input.data.name`. Used by completion (which keys,
 * which values fit here) and by diagnostics to find the source of an evaluated key. Best effort: a value that
 * flows through a helper function or a variable has no path.
 */
import type { Node } from 'web-tree-sitter';

/** A key (string) or a list/tuple index (number); `*` stands for a key computed at run time. */
export type KeySegment = string | number;

/** Calls whose keyword arguments / positional dict become ConfigDict keys. */
const DICT_CALLS = /^(?:(?:[A-Za-z_][\w]*\.)*ConfigDict|dict)$/;
/** Calls a string value passes through unchanged in kind (`'|'.join([...])`, `'...'.format(...)`). */
const STRING_CALLS = new Set(['join', 'format', 'replace', 'strip', 'lower', 'upper']);
/** Expressions a value passes through on its way to a key. */
const TRANSPARENT = new Set(['parenthesized_expression', 'binary_operator', 'conditional_expression', 'boolean_operator', 'concatenated_string', 'string']);

/** Whether `call` is `dict(...)`, `ConfigDict(...)` or `mlc.ConfigDict(...)`. */
export function isDictCall(call: Node | null): boolean {
  const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
  return !!fn && DICT_CALLS.test(fn.text.replace(/\s+/g, ''));
}

/** The text of a string literal without interpolations, or undefined. */
export function plainString(node: Node | null): string | undefined {
  if (!node || node.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const m = /^[rRuU]?(['"]{1,3})([\s\S]*)\1$/.exec(node.text);
  return m && !m[2].includes('\\') ? m[2] : undefined;
}

/**
 * The key path an assignment target denotes, root variable first: `config.evals['val'].pp_fn` →
 * ['config', 'evals', 'val', 'pp_fn']; a subscript that is not a plain string becomes `*`.
 */
export function targetChain(node: Node): KeySegment[] | undefined {
  if (node.type === 'identifier') return [node.text];
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    const head = object && targetChain(object);
    return head && attr ? [...head, attr.text] : undefined;
  }
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    const head = value && targetChain(value);
    if (!head || !index) return undefined;
    const key = plainString(index);
    return [...head, key ?? (index.type === 'integer' ? Number(index.text) : '*')];
  }
  return undefined;
}

/**
 * Names that hold the config in `get_config`: what it returns, plus `config`/`c`/`cfg` by convention.
 */
export function configRoots(root: Node): Set<string> {
  const roots = new Set(['config', 'c', 'cfg']);
  for (const fn of root.namedChildren) {
    const def = fn?.type === 'decorated_definition' ? fn.childForFieldName('definition') : fn;
    if (def?.type !== 'function_definition' || def.childForFieldName('name')?.text !== 'get_config') continue;
    for (const ret of def.descendantsOfType('return_statement')) {
      const value = ret?.namedChildren[0];
      if (value?.type === 'identifier') roots.add(value.text);
    }
  }
  return roots;
}

/**
 * The config key path the value at `node` is stored under, or undefined when the syntax does not show it.
 * `roots` are the names holding the config (see `configRoots`).
 */
export function configPathOf(node: Node, roots: Set<string>): KeySegment[] | undefined {
  const path: KeySegment[] = [];
  let child = node;
  let parent = node.parent;
  while (parent) {
    switch (parent.type) {
      case 'keyword_argument': {
        if (parent.childForFieldName('value')?.id !== child.id) return undefined;
        const call = parent.parent?.parent ?? null;
        if (!isDictCall(call)) return undefined;
        path.unshift(parent.childForFieldName('name')?.text ?? '*');
        child = call as Node;
        break;
      }
      case 'pair': {
        if (parent.childForFieldName('value')?.id !== child.id) return undefined;
        path.unshift(plainString(parent.childForFieldName('key')) ?? '*');
        child = parent.parent as Node;
        break;
      }
      case 'list':
      case 'tuple':
        path.unshift(parent.namedChildren.findIndex((c) => c?.id === child.id));
        child = parent;
        break;
      case 'argument_list': {
        const call = parent.parent;
        const fn = call?.childForFieldName('function');
        if (isDictCall(call) && parent.namedChildren[0]?.id === child.id) {
          child = call as Node;
        } else if (fn?.type === 'attribute' && STRING_CALLS.has(fn.childForFieldName('attribute')?.text ?? '')) {
          // A string built by '|'.join([...]) or '...'.format(...): the list indices do not name keys.
          path.length = 0;
          child = call as Node;
        } else {
          return undefined;
        }
        break;
      }
      case 'assignment':
      case 'augmented_assignment': {
        if (parent.childForFieldName('right')?.id !== child.id) return undefined;
        const target = parent.childForFieldName('left');
        const chain = target && targetChain(target);
        if (!chain || typeof chain[0] !== 'string' || !roots.has(chain[0])) return undefined;
        return [...chain.slice(1), ...path];
      }
      case 'return_statement': {
        let fn: Node | null = parent;
        while (fn && fn.type !== 'function_definition') fn = fn.parent;
        return fn?.childForFieldName('name')?.text === 'get_config' ? path : undefined;
      }
      default:
        if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === child.id) {
          // '...'.format(...) / '|'.join(...): the method call above decides.
          child = parent;
          break;
        }
        if (parent.type === 'call' && parent.childForFieldName('function')?.id === child.id) {
          child = parent;
          break;
        }
        if (!TRANSPARENT.has(parent.type)) return undefined;
        child = parent;
    }
    parent = child.parent;
  }
  return undefined;
}
