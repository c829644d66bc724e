import type { InviteBody, PeopleList, Person, RoleBody } from '../../../functions/contracts/admin-api.js';
import { api, session } from './api.js';
import { announce, fill, formatDate, h } from './dom.js';
import { actionButton, type Panel, showFailure } from './panel.js';

const ROLE_HELP: Record<Person['role'], string> = {
  owner: 'everything, including the team, keys, channels and the plan',
  staff: 'conversations, test chat, insights and documents',
  viewer: 'reads only',
};

const roleSelect = (id: string, selected: Person['role'], label: string) =>
  h(
    'select',
    { id, 'aria-label': label },
    ...(['owner', 'staff', 'viewer'] as const).map((role) =>
      h('option', { value: role, selected: role === selected }, `${role}: ${ROLE_HELP[role]}`),
    ),
  );

/** Owners invite people by e-mail with a role, change a role, or remove someone. */
export const teamPanel: Panel = {
  async show(body) {
    const list = h('div', { 'aria-live': 'polite' });
    const email = h('input', { id: 'invite-email', type: 'email', autocomplete: 'off', required: true });
    const role = roleSelect('invite-role', 'staff', 'Role');
    const form = h(
      'form',
      { class: 'card stack' },
      h('h3', {}, 'Invite someone'),
      h('div', { class: 'field' }, h('label', { for: 'invite-email' }, 'E-mail'), email),
      h('div', { class: 'field' }, h('label', { for: 'invite-role' }, 'Role'), role),
      h(
        'p',
        { class: 'hint' },
        'They get an e-mail with a temporary password and choose their own at the first sign-in.',
      ),
      h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Send invitation')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const person = await api<Person>('POST', '/v1/users', {
          email: email.value.trim(),
          role: role.value as Person['role'],
        } satisfies InviteBody);
        email.value = '';
        announce(`Invitation sent to ${person.email} as ${person.role}.`);
        await render(list);
      } catch (error) {
        announce(`No invitation sent: ${(error as Error).message}`, 'error');
      }
    });
    fill(body, h('div', { class: 'stack' }, form, list));
    await render(list);
  },
};

const render = async (list: HTMLElement) => {
  let people: Person[];
  try {
    ({ users: people } = await api<PeopleList>('GET', '/v1/users'));
  } catch (error) {
    return showFailure(list, error, 'The team');
  }
  if (people.length === 0) {
    fill(
      list,
      h('p', { class: 'muted' }, 'Nobody has an account yet besides API keys. Invite someone above.'),
    );
    return;
  }
  const me = session.get()?.email;
  fill(
    list,
    h(
      'table',
      { class: 'table', id: 'team-table' },
      h('caption', { class: 'visually-hidden' }, 'People of the business'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Person'),
          h('th', { scope: 'col' }, 'Role'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
        ),
      ),
      h('tbody', {}, ...people.map((person) => row(person, list, person.email === me))),
    ),
  );
};

const row = (person: Person, list: HTMLElement, isMe: boolean) => {
  const select = roleSelect(`role-${person.userId}`, person.role, `Role of ${person.email}`);
  select.addEventListener('change', async () => {
    try {
      await api('PATCH', `/v1/users/${person.userId}`, {
        role: select.value as Person['role'],
      } satisfies RoleBody);
      announce(`${person.email} is now ${select.value}.`);
    } catch (error) {
      announce((error as Error).message, 'error');
    }
    await render(list);
  });
  return h(
    'tr',
    { 'data-email': person.email },
    h(
      'td',
      {},
      h('span', { class: 'doc-name' }, person.email),
      isMe ? h('span', { class: 'badge ready' }, 'you') : null,
      person.mfa ? h('span', { class: 'badge ready' }, 'MFA') : null,
      h('br', {}),
      h('span', { class: 'muted small' }, `invited ${formatDate(person.invitedAt)}`),
    ),
    h('td', {}, select),
    h(
      'td',
      { class: 'actions' },
      actionButton(
        'Remove',
        async () => {
          if (!window.confirm(`Remove ${person.email}? They are signed out at once and lose access.`)) return;
          try {
            await api('DELETE', `/v1/users/${person.userId}`);
            announce(`${person.email} removed.`);
          } catch (error) {
            announce((error as Error).message, 'error');
          }
          await render(list);
        },
        { class: 'danger compact', 'aria-label': `Remove ${person.email}` },
      ),
    ),
  );
};
