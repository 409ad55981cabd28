/**
 * Re-indents JSON text as Python's `json.dumps(obj, indent=2)` writes it (what upstream's
 * `config.to_json(indent=2)` prints), token by token, so that every scalar keeps the text Python gave it (`1.0`
 * stays `1.0`, `NaN` stays `NaN`; `JSON.parse` and `JSON.stringify` would turn `1.0` into `1`).
 */

/** `text` (one JSON value, any spacing) indented by `indent` spaces a level; empty containers stay `{}` and `[]`. */
export function indentJson(text: string, indent = 2): string {
  let out = '';
  let depth = 0;
  const newline = (): string => `\n${' '.repeat(depth * indent)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // A string, escapes included, copied as it is.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] === close) {
        out += c + close;
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += `,${newline()}`;
    } else if (c === ':') {
      out += ': ';
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}
