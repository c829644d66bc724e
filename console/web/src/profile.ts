import type { BusinessSettings, BusinessSettingsBody } from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { announce, fill, h } from './dom.js';
import { type Panel, showFailure } from './panel.js';

const field = (id: string, label: string, value: string, hint: string, multiline = false) => {
  const control = multiline
    ? h('textarea', { id, name: id, rows: 3, 'aria-describedby': `${id}-hint` })
    : h('input', { id, name: id, type: 'text', 'aria-describedby': `${id}-hint` });
  control.value = value;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    h('p', { id: `${id}-hint`, class: 'hint' }, hint),
  );
};

export const profilePanel: Panel = {
  async show(body) {
    let profile: BusinessSettings;
    try {
      profile = await api<BusinessSettings>('GET', '/v1/tenant/profile', undefined, {
        notFoundMeansMissing: true,
      });
    } catch (error) {
      return showFailure(body, error, 'The business profile');
    }
    const form = h(
      'form',
      { class: 'card stack', novalidate: true },
      h('p', {}, 'Customers pick your business with the code ', h('code', {}, profile.code), '.'),
      field('profile-name', 'Business name', profile.name, 'How the assistant names your business.'),
      field(
        'profile-tone',
        'Persona and tone',
        profile.tone,
        'Who the assistant is and how it speaks, e.g. "Rosa, warm and brief; uses first names".',
        true,
      ),
      field(
        'profile-hours',
        'Opening hours',
        profile.hours,
        'e.g. "Mon–Fri 9:00–18:00, Sat 10:00–14:00".',
        true,
      ),
      field(
        'profile-language',
        'Main language',
        profile.language,
        'Used when a customer’s language cannot be told; customers are answered in their own.',
      ),
      h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save profile')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value.trim();
      const name = value('profile-name');
      if (!name) {
        announce('The business needs a name.', 'error');
        (form.querySelector('#profile-name') as HTMLInputElement).focus();
        return;
      }
      try {
        await api('PUT', '/v1/tenant/profile', {
          name,
          tone: value('profile-tone'),
          hours: value('profile-hours'),
          language: value('profile-language'),
        } satisfies BusinessSettingsBody);
        announce('Profile saved.');
        window.dispatchEvent(new CustomEvent('frontdesk:renamed', { detail: name }));
      } catch (error) {
        announce(`The profile was not saved: ${(error as Error).message}`, 'error');
      }
    });
    fill(body, form);
  },
};
