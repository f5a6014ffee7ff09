// Building DOM in the webviews without HTML strings: values from files reach the page only as text nodes and
// attribute values.

export type Attrs = Record<string, string | boolean>;

/** Creates an element with attributes (`true`: present and empty; `false`: absent) and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Array<Node | string | null>
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Array<Node | string | null>): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Array<Node | string | null>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== false) el.setAttribute(k, v === true ? '' : v);
  for (const c of children) if (c !== null) el.append(c);
  return el;
}
