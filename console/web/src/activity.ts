import type { AuditEntry, AuditPage } from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { fill, formatDate, h } from './dom.js';
import { actionButton, type Panel, showFailure } from './panel.js';

/** `POST /v1/documents/{id}/reindex` -> "reindexed a document": what a person reads. */
const ACTIONS: Record<string, string> = {
  'POST /v1/documents': 'added a document',
  'DELETE /v1/documents/{id}': 'deleted a document',
  'POST /v1/documents/{id}/reindex': 'reindexed a document',
  'POST /v1/conversations/{id}/messages': 'replied to a customer',
  'POST /v1/conversations/{id}/takeover': 'took over a conversation',
  'POST /v1/conversations/{id}/resume': 'handed a conversation back',
  'POST /v1/users': 'invited someone',
  'PATCH /v1/users/{id}': 'changed a role',
  'DELETE /v1/users/{id}': 'removed someone',
  'POST /v1/keys': 'created an API key',
  'DELETE /v1/keys/{id}': 'revoked an API key',
  'POST /v1/keys/{id}/rotate': 'rotated an API key',
  'PUT /v1/tenant/profile': 'edited the profile',
  'PATCH /v1/tenant/profile': 'edited the profile',
  'POST /v1/exports': 'exported the data',
  'POST /v1/channels': 'connected a channel',
  'DELETE /v1/channels/{channel}/{address}': 'disconnected a channel',
  'POST /v1/insights/gaps/{id}/answer': 'answered a knowledge gap',
  'POST /v1/insights/gaps/{id}/close': 'closed a knowledge gap',
  'POST /v1/tenant/owner-contacts/confirm': 'confirmed an alert address',
  'POST /v1/me/mfa': 'set up an authenticator app',
  'POST /v1/tenants': 'created the business',
  'POST /v1/tenants/{id}/channels': 'assigned a number',
  'PUT /v1/tenants/{id}/plan': 'set the plan',
  'chat !register': 'registered the business by chat',
  'chat !add': 'added a fact by chat',
  'chat !delete': 'deleted a fact by chat',
  'chat !key': 'asked for an API key by chat',
  'chat !account': 'asked for an account by chat',
  'chat !reply': 'replied to a customer by chat',
  'chat !resume': 'handed a conversation back by chat',
  'chat !confirm': 'confirmed an alert address by chat',
  'customer.erase': 'erased a customer',
};

const who = (actor: AuditEntry['actor']) => {
  if (actor.kind === 'user') return actor.email ?? actor.id ?? 'someone';
  if (actor.kind === 'key') return `API key ${actor.id ?? ''}`;
  if (actor.kind === 'phone') return `owner's phone ${actor.id ?? ''}`;
  return 'the platform operator';
};

/** The business's audit trail, newest first, a page at a time. */
export const activityPanel: Panel = {
  async show(body) {
    const rows = h('tbody', {});
    const more = h('div', { class: 'row' });
    fill(
      body,
      h(
        'div',
        { class: 'stack' },
        h(
          'p',
          { class: 'muted' },
          'Every change to the business, by whom, from where. Entries cannot be changed or deleted.',
        ),
        h(
          'table',
          { class: 'table', id: 'activity-table' },
          h('caption', { class: 'visually-hidden' }, 'Activity'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'When'),
              h('th', { scope: 'col' }, 'Who'),
              h('th', { scope: 'col' }, 'What'),
              h('th', { scope: 'col' }, 'From'),
            ),
          ),
          rows,
        ),
        more,
      ),
    );
    const page = async (cursor?: string) => {
      try {
        const query = cursor ? `?limit=50&cursor=${encodeURIComponent(cursor)}` : '?limit=50';
        const result = await api<AuditPage>('GET', `/v1/audit${query}`);
        rows.append(...result.entries.map(row));
        fill(
          more,
          result.cursor ? actionButton('Older', () => page(result.cursor), { class: 'secondary' }) : null,
        );
      } catch (error) {
        showFailure(body, error, 'Activity');
      }
    };
    await page();
  },
};

const row = (entry: AuditEntry) =>
  h(
    'tr',
    { 'data-action': entry.action },
    h('td', { class: 'muted' }, formatDate(entry.at)),
    h(
      'td',
      {},
      who(entry.actor),
      entry.actor.role ? h('span', { class: 'muted small' }, ` (${entry.actor.role})`) : null,
    ),
    h(
      'td',
      {},
      ACTIONS[entry.action] ?? entry.action,
      entry.target ? h('span', { class: 'muted small' }, ` ${entry.target}`) : null,
    ),
    h(
      'td',
      { class: 'muted small' },
      `${entry.via.channel}${entry.via.address ? ` ${entry.via.address}` : ''}`,
    ),
  );
