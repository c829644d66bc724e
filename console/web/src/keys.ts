import type {
  CreateKeyBody,
  IssuedKey,
  KeyList,
  KeyView,
  RotatedKey,
} from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { announce, fill, formatDate, h } from './dom.js';
import { actionButton, type Panel, showFailure } from './panel.js';

const nameOf = (key: KeyView) => key.label ?? key.hint;

/**
 * The business's API keys: list (never the key itself), create, rotate and revoke. A new key is
 * shown once, here, with a copy button; the API stores only its SHA-256.
 */
export const keysPanel: Panel = {
  async show(body) {
    const reveal = h('div', {});
    const list = h('div', { 'aria-live': 'polite' });
    const label = h('input', { id: 'key-label', type: 'text', maxlength: 60, autocomplete: 'off' });
    const form = h(
      'form',
      { class: 'card stack' },
      h('h3', {}, 'Create a key'),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'key-label' }, 'Label (optional)'),
        label,
        h('p', { class: 'hint' }, 'Where the key will be used, e.g. "upload script" or "front desk laptop".'),
      ),
      h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Create key')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const text = label.value.trim();
        const issued = await api<IssuedKey>(
          'POST',
          '/v1/keys',
          (text ? { label: text } : {}) satisfies CreateKeyBody,
        );
        label.value = '';
        showOnce(reveal, issued, 'Your new key');
        await render(list, reveal);
      } catch (error) {
        announce(`No key created: ${(error as Error).message}`, 'error');
      }
    });
    fill(
      body,
      h(
        'div',
        { class: 'stack' },
        h(
          'p',
          { class: 'lead' },
          'Keys let your tools and this console act for your business. Each key is shown once, when it is ' +
            'made; rotate a key to replace it, revoke one you no longer use or that may have leaked.',
        ),
        reveal,
        list,
        form,
      ),
    );
    await render(list, reveal);
  },
};

/** The new key, once: a read-only field (select and copy by hand) and a copy button. */
const showOnce = (reveal: HTMLElement, issued: IssuedKey, title: string) => {
  const value = h('input', {
    id: 'new-key-value',
    type: 'text',
    readonly: true,
    value: issued.apiKey,
    spellcheck: 'false',
    'aria-describedby': 'new-key-hint',
  });
  const copy = actionButton('Copy', async () => {
    try {
      await navigator.clipboard.writeText(issued.apiKey);
      announce('Key copied. Store it somewhere safe.');
    } catch {
      value.select();
      announce('Copying is blocked here: the key is selected, press Ctrl+C (or Cmd+C).', 'error');
    }
  });
  const done = h('button', { type: 'button', class: 'secondary' }, 'Done, I stored it');
  done.addEventListener('click', () => {
    fill(reveal);
    announce('The key is no longer shown.');
  });
  fill(
    reveal,
    h(
      'div',
      {
        class: 'card stack new-key',
        role: 'region',
        'aria-labelledby': 'new-key-title',
        'data-key-id': issued.keyId,
      },
      h('h3', { id: 'new-key-title' }, title),
      h('label', { for: 'new-key-value' }, nameOf(issued)),
      h('div', { class: 'row key-value' }, value, copy),
      h(
        'p',
        { id: 'new-key-hint', class: 'hint' },
        'Copy it now: it is shown only this once and cannot be shown again. Use it as ',
        h('code', {}, 'Authorization: Bearer <key>'),
        '.',
      ),
      h('div', { class: 'row' }, done),
    ),
  );
  value.focus();
  value.select();
  announce(`${title} is shown below, once.`);
};

const render = async (list: HTMLElement, reveal: HTMLElement) => {
  let keys: KeyView[];
  try {
    ({ keys } = await api<KeyList>('GET', '/v1/keys', undefined, { notFoundMeansMissing: true }));
  } catch (error) {
    return showFailure(list, error, 'API keys');
  }
  fill(
    list,
    h(
      'table',
      { class: 'table keys' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Key'),
          h('th', { scope: 'col' }, 'Last used'),
          h('th', { scope: 'col' }, 'Created'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
        ),
      ),
      h('tbody', {}, ...keys.map((key) => row(key, list, reveal))),
    ),
  );
};

const row = (key: KeyView, list: HTMLElement, reveal: HTMLElement) => {
  const name = nameOf(key);
  return h(
    'tr',
    { 'data-key-id': key.keyId },
    h(
      'td',
      {},
      h('span', { class: 'doc-name' }, name),
      key.current ? h('span', { class: 'badge ready' }, 'this console') : null,
      h('br', {}),
      h('code', { class: 'small' }, key.hint),
      h('span', { class: 'muted small' }, ` ${key.keyId}`),
    ),
    h('td', { class: 'muted' }, key.lastUsedAt ? formatDate(key.lastUsedAt) : 'never'),
    h('td', { class: 'muted' }, formatDate(key.createdAt)),
    h(
      'td',
      {},
      h(
        'div',
        { class: 'actions' },
        actionButton(
          'Rotate',
          async () => {
            if (!window.confirm(`Rotate ${name}? It stops working now; a new key replaces it, shown once.`))
              return;
            try {
              const issued = await api<RotatedKey>('POST', `/v1/keys/${key.keyId}/rotate`);
              showOnce(reveal, issued, `The new key for ${name}`);
            } catch (error) {
              announce((error as Error).message, 'error');
            }
            await render(list, reveal);
          },
          { class: 'secondary compact', 'aria-label': `Rotate ${name}` },
        ),
        actionButton(
          'Revoke',
          async () => {
            if (!window.confirm(`Revoke ${name}? It stops working at once and cannot be restored.`)) return;
            try {
              await api('DELETE', `/v1/keys/${key.keyId}`);
              announce(`${name} revoked.`);
            } catch (error) {
              announce((error as Error).message, 'error');
              return;
            }
            await render(list, reveal);
          },
          { class: 'danger compact', 'aria-label': `Revoke ${name}` },
        ),
      ),
    ),
  );
};
