import type {
  ChannelList,
  ChannelRouteView,
  ClaimRouteBody,
  RouteChannel,
} from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { announce, fill, formatDate, h } from './dom.js';
import { actionButton, type Panel, showFailure } from './panel.js';

interface ChannelKind {
  name: string;
  hint: string;
  pattern: string;
  /** What token proves the address is the business's (Meta checks it before anything is saved). */
  token?: string;
}

const CHANNELS: Record<ChannelRouteView['channel'], ChannelKind> = {
  twilio: {
    name: 'Phone number (SMS, WhatsApp via Twilio, calls)',
    hint: 'Assigned to you by the platform.',
    pattern: '\\+[1-9]\\d{6,14}',
  },
  whatsapp: {
    name: 'WhatsApp Cloud API',
    hint: 'The phone number ID from Meta (digits), not the phone number.',
    pattern: '\\d{5,25}',
    token: 'A system-user token of the WhatsApp Business Account that holds this number.',
  },
  messenger: {
    name: 'Facebook Messenger',
    hint: 'Your Facebook page ID (digits).',
    pattern: '\\d{5,25}',
    token: "Your page's access token.",
  },
  instagram: {
    name: 'Instagram',
    hint: 'Your Instagram professional account ID (digits).',
    pattern: '\\d{5,25}',
    token: 'The access token of the Facebook page your Instagram account is linked to.',
  },
};

/** Only Meta addresses are connected here: phone numbers come from the platform's Twilio account. */
const CLAIMABLE = Object.entries(CHANNELS).filter(([, c]) => c.token);

export const channelsPanel: Panel = {
  async show(body) {
    const list = h('div', {});
    const select = h(
      'select',
      { id: 'channel-kind', 'aria-describedby': 'channel-address-hint' },
      ...CLAIMABLE.map(([value, c]) => h('option', { value }, c.name)),
    );
    const address = h('input', {
      id: 'channel-address',
      type: 'text',
      required: true,
      'aria-describedby': 'channel-address-hint',
      autocomplete: 'off',
    });
    const hint = h('p', { id: 'channel-address-hint', class: 'hint' });
    const token = h('input', {
      id: 'channel-token',
      type: 'password',
      required: true,
      minlength: '20',
      'aria-describedby': 'channel-token-hint',
      autocomplete: 'off',
    });
    const tokenHint = h('p', { id: 'channel-token-hint', class: 'hint' });
    const sync = () => {
      const chosen = CHANNELS[select.value as ChannelRouteView['channel']];
      hint.textContent = chosen.hint;
      address.pattern = chosen.pattern;
      tokenHint.textContent = `${chosen.token ?? ''} Meta confirms it controls the address; replies are sent with it.`;
    };
    select.addEventListener('change', sync);
    sync();
    const form = h(
      'form',
      { class: 'card stack' },
      h('h3', {}, 'Connect a channel'),
      h('div', { class: 'field' }, h('label', { for: 'channel-kind' }, 'Channel'), select),
      h('div', { class: 'field' }, h('label', { for: 'channel-address' }, 'Address'), address, hint),
      h('div', { class: 'field' }, h('label', { for: 'channel-token' }, 'Access token'), token, tokenHint),
      h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Connect')),
      h(
        'p',
        { class: 'hint' },
        'Phone numbers (SMS, WhatsApp through Twilio, calls) are assigned to your business by the platform; ask us for one.',
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!address.reportValidity() || !token.reportValidity()) return;
      try {
        await api('POST', '/v1/channels', {
          channel: select.value as RouteChannel,
          address: address.value.trim(),
          accessToken: token.value.trim(),
        } satisfies ClaimRouteBody);
        announce(`Connected ${address.value.trim()}. Customers who write to it reach your assistant.`);
        address.value = '';
        token.value = '';
        await render(list);
      } catch (error) {
        announce(`Not connected: ${(error as Error).message}`, 'error');
      }
    });
    fill(body, list, form);
    await render(list);
  },
};

const render = async (list: HTMLElement) => {
  let channels: ChannelRouteView[];
  try {
    ({ channels } = await api<ChannelList>('GET', '/v1/channels', undefined, {
      notFoundMeansMissing: true,
    }));
  } catch (error) {
    return showFailure(list, error, 'Channels');
  }
  fill(
    list,
    channels.length === 0
      ? h(
          'p',
          { class: 'empty' },
          'No channel of your own yet: customers reach you on the shared number with your business code.',
        )
      : h(
          'ul',
          { class: 'channel-list' },
          ...channels.map((c) =>
            h(
              'li',
              { class: 'card row' },
              h(
                'span',
                {},
                h('strong', {}, CHANNELS[c.channel]?.name ?? c.channel),
                h('br', {}),
                h('code', {}, c.address),
              ),
              h('span', { class: 'muted small' }, `since ${formatDate(c.createdAt)}`),
              actionButton(
                'Disconnect',
                async () => {
                  if (
                    !window.confirm(
                      `Disconnect ${c.address}? Customers who write to it will no longer reach you.`,
                    )
                  )
                    return;
                  try {
                    await api('DELETE', `/v1/channels/${c.channel}/${encodeURIComponent(c.address)}`);
                    announce(`${c.address} disconnected.`);
                  } catch (error) {
                    announce((error as Error).message, 'error');
                  }
                  await render(list);
                },
                { class: 'danger compact', 'aria-label': `Disconnect ${c.address}` },
              ),
            ),
          ),
        ),
  );
};
