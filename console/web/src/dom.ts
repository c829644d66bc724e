type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

/**
 * Builds an element. Text always goes in as text nodes, never as HTML, so nothing a customer
 * or a document wrote can run in the owner's page.
 *
 * @example
 * h('button', { type: 'button', onclick: () => save() }, 'Save')
 */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
};

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element, for the charts. */
export const s = (tag: string, attributes: Record<string, string | number> = {}, ...children: Child[]) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, children);
  return element;
};

const setAttributes = (element: HTMLElement, attributes: Attributes) => {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
};

const append = (element: Element, children: Child[]) => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
};

/** Replaces everything inside `element`. */
export const fill = (element: Element, ...children: Child[]) => {
  element.replaceChildren();
  append(element, children);
};

export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
};

/** Announces a message to screen readers and shows it in the status line. */
let clearStatus: number | undefined;
export const announce = (message: string, tone: 'info' | 'error' = 'info') => {
  const status = byId('status');
  status.textContent = message;
  status.dataset.tone = tone;
  window.clearTimeout(clearStatus);
  // Long enough to read; errors stay until the next message.
  if (tone === 'info') clearStatus = window.setTimeout(() => (status.textContent = ''), 6000);
};

export const formatDate = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';

export const formatBytes = (bytes: number | null | undefined) =>
  bytes == null
    ? ''
    : bytes < 1024
      ? `${bytes} B`
      : bytes < 1024 * 1024
        ? `${(bytes / 1024).toFixed(1)} KB`
        : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
