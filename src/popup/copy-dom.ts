import { t, type MessageKey } from './i18n';

/** The copy screen's DOM helpers. Text goes in as text nodes only: names come from OneDrive. */

type Child = Node | string;
type Props = Record<string, string | boolean>;

/** An element with attributes (`true` = present, `false` = absent) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === true) el.setAttribute(name, '');
    else if (value !== false) el.setAttribute(name, value);
  }
  el.append(...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A symbol of popup.html's sprite, hidden from assistive technology (the words say it). */
export function icon(doc: Document, id: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const use = doc.createElementNS(SVG_NS, 'use');
  use.setAttribute('href', `#${id}`);
  svg.append(use);
  return svg;
}

/**
 * Shows (or, with null, withdraws) a complaint under a field, tied to it for screen readers.
 * `box` must have an id.
 */
export function showFieldError(field: HTMLElement, box: HTMLElement, key: MessageKey | null): void {
  box.textContent = key === null ? '' : t(key);
  box.hidden = key === null;
  if (key === null) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
  } else {
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', box.id);
  }
}
