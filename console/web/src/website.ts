import type { Website, WebsiteBody } from '../../../functions/contracts/admin-api.js';
import { stringsFor } from '../../../widget/src/strings.js';
import { type ChatView, mountChat } from '../../../widget/src/view.js';
import { api } from './api.js';
import { announce, fill, h } from './dom.js';
import { type Panel, showFailure } from './panel.js';

/** What an owner pastes before `</body>` on every page that should show the chat. */
const snippetFor = (business: string) =>
  `<script src="${location.origin}/widget.js" data-business="${business}" async></script>`;

const field = (id: string, label: string, control: HTMLElement, hint: string) => {
  control.id = id;
  control.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    h('p', { id: `${id}-hint`, class: 'hint' }, hint),
  );
};

/**
 * The live preview: the widget itself (the same code the snippet loads), drawn inside the page
 * and fed the form's values as the owner types. It talks to no one.
 */
const preview = (website: Website) => {
  const frame = h('div', { class: 'widget-preview', 'aria-label': 'Preview of the chat on your site' });
  const host = h('div', {});
  // Inside the preview, not fixed to the window as on a business's page. Set through the CSSOM:
  // the page's CSP refuses style attributes, and :host's own rule outranks a stylesheet's here.
  host.style.setProperty('position', 'absolute', 'important');
  host.style.setProperty('right', '16px', 'important');
  host.style.setProperty('bottom', '16px', 'important');
  frame.append(host);
  const { lang, strings } = stringsFor(document.documentElement.lang);
  const view: ChatView = mountChat(host, {
    strings,
    lang,
    maxLength: 1000,
    look: website,
    onOpen: () => undefined,
    async onSend() {
      view.setStatus('This is a preview: messages are not sent.');
      return false;
    },
  });
  view.show([
    { id: '1', author: 'visitor', text: 'Do you deliver?', at: '' },
    {
      id: '2',
      author: 'assistant',
      text: `According to ${website.title || document.getElementById('business-name')?.textContent?.trim() || 'us'}: …`,
      at: '',
    },
  ]);
  host.shadowRoot?.querySelector<HTMLButtonElement>('button.bubble')?.click();
  return { frame, view };
};

export const websitePanel: Panel = {
  async show(body) {
    let website: Website;
    try {
      website = await api<Website>('GET', '/v1/website', undefined, { notFoundMeansMissing: true });
    } catch (error) {
      return showFailure(body, error, 'The website chat settings');
    }
    const origins = h('textarea', { rows: 3, spellcheck: 'false' });
    origins.value = website.allowedOrigins.join('\n');
    const color = h('input', { type: 'color' });
    color.value = website.accentColor;
    const title = h('input', { type: 'text', maxlength: 80, placeholder: 'Your business name' });
    title.value = website.title;
    const greeting = h('textarea', { rows: 2, maxlength: 300 });
    greeting.value = website.greeting;
    const snippet = h('textarea', { id: 'website-snippet', rows: 2, readonly: true, spellcheck: 'false' });
    snippet.value = snippetFor(website.business);
    const { frame, view } = preview(website);
    const businessName = document.getElementById('business-name')?.textContent?.trim() ?? '';
    const refresh = () =>
      view.setLook({
        title: title.value.trim() || businessName,
        greeting: greeting.value.trim(),
        accentColor: color.value,
      });
    for (const control of [color, title, greeting]) control.addEventListener('input', refresh);
    refresh();

    const form = h(
      'form',
      { class: 'card stack', novalidate: true },
      field(
        'website-origins',
        'Allowed sites',
        origins,
        'One per line, e.g. https://www.example.com. The chat opens only on pages of these sites.',
      ),
      field('website-color', 'Colour', color, 'The bubble, the header and the visitor’s messages.'),
      field('website-title', 'Title', title, 'Shown at the top of the chat; empty for your business name.'),
      field(
        'website-greeting',
        'Greeting',
        greeting,
        'The first words a visitor sees; empty for a greeting in the page’s language.',
      ),
      h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save website chat')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const saved = await api<Website>('PUT', '/v1/website', {
          allowedOrigins: origins.value
            .split(/\s+/)
            .map((o) => o.trim())
            .filter(Boolean),
          accentColor: color.value,
          title: title.value.trim(),
          greeting: greeting.value.trim(),
        } satisfies WebsiteBody);
        origins.value = saved.allowedOrigins.join('\n');
        announce('Website chat saved.');
      } catch (error) {
        announce(`The website chat was not saved: ${(error as Error).message}`, 'error');
      }
    });
    fill(
      body,
      h(
        'div',
        { class: 'website' },
        form,
        h(
          'div',
          { class: 'card stack' },
          field(
            'website-snippet',
            'Snippet to paste',
            snippet,
            'Put it before </body> on every page that should show the chat.',
          ),
          frame,
        ),
      ),
    );
  },
};
