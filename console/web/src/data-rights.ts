import type { CustomerErased, EraseBody, ExportReady } from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { announce, fill, h } from './dom.js';
import type { Panel } from './panel.js';

/** The owner's data rights: one archive of everything, and erasing one customer on request. */
export const dataPanel: Panel = {
  async show(body) {
    const download = h('p', { 'aria-live': 'polite' });
    const exportButton = h('button', { type: 'button', id: 'export-data' }, 'Export all data');
    exportButton.addEventListener('click', async () => {
      exportButton.disabled = true;
      try {
        const archive = await api<ExportReady>('POST', '/v1/exports');
        fill(
          download,
          h(
            'a',
            { href: archive.url, id: 'export-link', download: 'frontdesk-export.zip' },
            'Download the archive',
          ),
          ` (${Math.ceil(archive.bytes / 1024)} KB; the link works until ${new Date(archive.expiresAt).toLocaleTimeString()})`,
        );
        announce('Your archive is ready.');
      } catch (error) {
        announce(`No archive: ${(error as Error).message}`, 'error');
      } finally {
        exportButton.disabled = false;
      }
    });

    const customer = h('input', { id: 'erase-customer', type: 'text', autocomplete: 'off', required: true });
    const eraseForm = h(
      'form',
      { class: 'card stack' },
      h('h3', {}, 'Erase a customer'),
      h(
        'p',
        {},
        'Deletes everything held about one customer: their messages, conversation, insights and questions in their words, and their business choice on shared numbers. It cannot be undone.',
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'erase-customer' }, 'Customer number or address'),
        customer,
        h('p', { class: 'hint' }, 'As shown in Conversations, e.g. +15551234567 or whatsapp:+15551234567.'),
      ),
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'danger' }, 'Erase customer')),
    );
    eraseForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const who = customer.value.trim();
      if (!who || !window.confirm(`Erase everything about ${who}? This cannot be undone.`)) return;
      try {
        const result = await api<CustomerErased>('POST', '/v1/customers/erase', {
          customer: who,
        } satisfies EraseBody);
        customer.value = '';
        const total = Object.values(result.erased).reduce((a, b) => a + b, 0);
        announce(`Customer erased (${total} records).`);
      } catch (error) {
        announce(`Nothing erased: ${(error as Error).message}`, 'error');
      }
    });

    fill(
      body,
      h(
        'div',
        { class: 'stack' },
        h(
          'div',
          { class: 'card stack' },
          h('h3', {}, 'Export'),
          h(
            'p',
            {},
            'One ZIP archive of your documents, facts, profile, conversations and activity, by a link that works for 15 minutes.',
          ),
          h('div', { class: 'row' }, exportButton),
          download,
        ),
        eraseForm,
      ),
    );
  },
};
