import { api } from './api.js';
import { announce, fill, formatDate, h } from './dom.js';
import { actionButton, type Panel, showFailure } from './panel.js';

interface ChannelRoute {
  channel: 'twilio' | 'whatsapp' | 'messenger' | 'instagram';
  address: string;
  createdAt: string;
}

const CHANNELS: Record<ChannelRoute['channel'], { name: string; hint: string; pattern: string }> = {
  twilio: {
    name: 'Phone number (SMS, WhatsApp via Twilio, calls)',
    hint: 'Your Twilio number in international format, e.g. +14155550100.',
    pattern: '\\+[1-9]\\d{6,14}',
  },
  whatsapp: {
    name: 'WhatsApp Cloud API',
    hint: 'The phone number ID from Meta (digits), not the phone number.',
    pattern: '\\d{5,25}',
  },
  messenger: { name: 'Facebook Messenger', hint: 'Your Facebook page ID (digits).', pattern: '\\d{5,25}' },
  instagram: {
    name: 'Instagram',
    hint: 'Your Instagram professional account ID (digits).',
    pattern: '\\d{5,25}',
  },
};

export const channelsPanel: Panel = {
  async show(body) {
    const list = h('div', {});
    const select = h(
      'select',
      { id: 'channel-kind', 'aria-describedby': 'channel-address-hint' },
      ...Object.entries(CHANNELS).map(([value, c]) => h('option', { value }, c.name)),
    );
    const address = h('input', {
      id: 'channel-address',
      type: 'text',
      required: true,
      'aria-describedby': 'channel-address-hint',
      autocomplete: 'off',
    });
    const hint = h('p', { id: 'channel-address-hint', class: 'hint' });
    const sync = () => {
      const chosen = CHANNELS[select.value as ChannelRoute['channel']];
      hint.textContent = chosen.hint;
      address.pattern = chosen.pattern;
    };
    select.addEventListener('change', sync);
    sync();
    const form = h(
      'form',
      { class: 'card stack' },
      h('h3', {}, 'Connect a channel'),
      h('div', { class: 'field' }, h('label', { for: 'channel-kind' }, 'Channel'), select),
      h('div', { class: 'field' }, h('label', { for: 'channel-address' }, 'Address'), address, hint),
      h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Connect')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!address.reportValidity()) return;
      try {
        await api('POST', '/v1/channels', { channel: select.value, address: address.value.trim() });
        announce(`Connected ${address.value.trim()}. Customers who write to it reach your assistant.`);
        address.value = '';
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
  let channels: ChannelRoute[];
  try {
    ({ channels } = await api<{ channels: ChannelRoute[] }>('GET', '/v1/channels', undefined, {
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
