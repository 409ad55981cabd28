/**
 * A tiny element builder, so the UI never assembles HTML strings: text goes in as text nodes (no injection
 * from run names or config values). The panel's CSP forbids style attributes; styles set through the DOM
 * (`el.style`, as uPlot does) are allowed.
 */
type Attrs = Record<string, string | number | boolean | undefined>;

/** `<tag attrs>children</tag>`; `class` and `data-*` attributes as given, `false`/undefined ones left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children);
  return el;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: (Node | string)[]): void {
  el.replaceChildren(...children);
}

/** A small square of a run's colour. */
export function swatch(color: string): HTMLElement {
  const el = h('span', { class: 'swatch' });
  el.style.backgroundColor = color;
  return el;
}
