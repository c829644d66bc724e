import type { Strings } from './strings.js';
import { STYLES } from './styles.js';

/** One line of the chat as the routes answer it. */
export interface Entry {
  id: string;
  author: 'visitor' | 'assistant' | 'person';
  text: string;
  at: string;
}

export interface Look {
  title: string;
  greeting: string;
  accentColor: string;
}

export interface ChatView {
  /** Adds lines not shown yet (by id), in time order. */
  show(entries: readonly Entry[]): void;
  setLook(look: Look): void;
  setStatus(text: string, error?: boolean): void;
  setEnabled(enabled: boolean): void;
  isOpen(): boolean;
}

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

const BUBBLE_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

/**
 * The bubble and the chat panel in a shadow root on `host`. Every message is put on the page as
 * text (`textContent`), never as HTML. While open the panel is a modal dialog: focus stays inside
 * (Tab cycles), Escape closes it and focus returns to the bubble.
 */
export const mountChat = (
  host: HTMLElement,
  options: {
    strings: Strings;
    lang: string;
    look: Look;
    onOpen(): void;
    onSend(text: string): Promise<boolean>;
    /** The visitor's name or e-mail for a follow-up; absent: no such form (the console's preview). */
    onContact?(contact: { name: string; email: string }): Promise<boolean>;
    maxLength: number;
  },
): ChatView => {
  const { strings: s } = options;
  const root = host.attachShadow({ mode: 'open' });
  // A constructed sheet needs no 'unsafe-inline' in the host page's CSP; a <style> where unsupported.
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
  } else root.append(el('style', { textContent: STYLES }));
  const bubble = el('button', { className: 'bubble', type: 'button' });
  bubble.innerHTML = BUBBLE_ICON; // a constant icon: no message text ever goes through innerHTML
  bubble.setAttribute('aria-label', s.open);
  bubble.setAttribute('aria-expanded', 'false');
  bubble.setAttribute('aria-controls', 'fd-panel');
  const badge = el('span', { className: 'badge', hidden: true });
  badge.setAttribute('aria-hidden', 'true');
  bubble.append(badge);

  const title = el('h2', { id: 'fd-title' });
  const close = el('button', { className: 'close', type: 'button', textContent: '×' });
  close.setAttribute('aria-label', s.close);
  const log = el('div', { className: 'log' });
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-labelledby', 'fd-title');
  log.tabIndex = 0;
  const greeting = el('p', { className: 'msg assistant' });
  const status = el('div', { className: 'status' });
  status.setAttribute('role', 'status');
  const input = el('textarea', { maxLength: options.maxLength, rows: 1, placeholder: s.placeholder });
  input.setAttribute('aria-label', s.placeholder);
  const send = el('button', { className: 'send', type: 'submit', textContent: s.send });
  const form = el('form', {}, input, send);
  const nameInput = el('input', { type: 'text', maxLength: 80, autocomplete: 'name', placeholder: s.name });
  nameInput.setAttribute('aria-label', s.name);
  const emailInput = el('input', {
    type: 'email',
    maxLength: 200,
    autocomplete: 'email',
    placeholder: s.email,
  });
  emailInput.setAttribute('aria-label', s.email);
  const saveContact = el('button', { className: 'send', type: 'submit', textContent: s.save });
  const contactForm = el('form', { className: 'contact' }, nameInput, emailInput, saveContact);
  const contact = el('details', {}, el('summary', { textContent: s.leaveContact }), contactForm);
  const panel = el(
    'div',
    { className: 'panel', id: 'fd-panel', hidden: true },
    el('header', {}, title, close),
    log,
    status,
    form,
    ...(options.onContact ? [contact] : []),
  );
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-modal', 'true');
  panel.setAttribute('aria-labelledby', 'fd-title');
  panel.lang = options.lang;
  log.append(greeting);
  root.append(panel, bubble);

  const shown = new Map<string, HTMLElement>();
  let open = false;
  let enabled = true;

  const setOpen = (value: boolean) => {
    open = value;
    panel.hidden = !value;
    bubble.setAttribute('aria-expanded', String(value));
    bubble.setAttribute('aria-label', value ? s.close : s.open);
    if (value) {
      badge.hidden = true;
      options.onOpen();
      input.focus();
      log.scrollTop = log.scrollHeight;
    } else bubble.focus();
  };
  bubble.addEventListener('click', () => setOpen(!open));
  close.addEventListener('click', () => setOpen(false));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      return;
    }
    if (event.key !== 'Tab') return;
    // The focus trap: Tab from the last control goes to the first, Shift+Tab the other way.
    const controls: HTMLElement[] = [close, log, input, send];
    if (options.onContact) {
      controls.push(contact.querySelector('summary')!);
      if (contact.open) controls.push(nameInput, emailInput, saveContact);
    }
    const focusable = controls.filter((node) => !(node as HTMLButtonElement).disabled);
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    const active = root.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  });
  const submit = async () => {
    const text = input.value.trim();
    if (!text || !enabled) return;
    send.disabled = true;
    if (await options.onSend(text)) input.value = '';
    send.disabled = !enabled;
    input.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  contactForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!options.onContact || !contactForm.reportValidity()) return;
    saveContact.disabled = true;
    if (await options.onContact({ name: nameInput.value.trim(), email: emailInput.value.trim() })) {
      view.setStatus(s.saved);
      contact.open = false;
    }
    saveContact.disabled = false;
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    }
  });

  const view: ChatView = {
    show(entries) {
      for (const entry of entries) {
        if (shown.has(entry.id)) continue;
        const who = entry.author === 'visitor' ? s.you : entry.author === 'person' ? s.person : s.assistant;
        const line = el('p', { className: `msg ${entry.author}` });
        line.dataset.id = entry.id;
        line.append(
          el('span', { className: entry.author === 'person' ? 'who' : 'sr', textContent: `${who}: ` }),
        );
        line.append(document.createTextNode(entry.text));
        // Ids sort by time: a line that arrives late (a poll after a socket frame) still lands in order.
        const after = [...shown.entries()].filter(([id]) => id > entry.id).map(([, node]) => node)[0];
        if (after) log.insertBefore(line, after);
        else log.append(line);
        shown.set(entry.id, line);
        if (entry.author !== 'visitor' && !open) badge.hidden = false;
      }
      log.scrollTop = log.scrollHeight;
    },
    setLook(look) {
      host.style.setProperty('--accent', look.accentColor);
      title.textContent = look.title;
      greeting.textContent = look.greeting || s.greeting;
    },
    setStatus(text, error = false) {
      status.textContent = text;
      status.className = error ? 'status error' : 'status';
    },
    setEnabled(value) {
      enabled = value;
      input.disabled = !value;
      send.disabled = !value;
    },
    isOpen: () => open,
  };
  view.setLook(options.look);
  return view;
};
