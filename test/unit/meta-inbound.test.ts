import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMetaEvents } from '../../functions/channels/meta/inbound.js';
import {
  messagingPayload,
  whatsAppChange,
  whatsAppPayload,
  whatsAppText,
} from '../../local-stack/meta-client.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const messages = (body: unknown) => toMetaEvents(body, NOW).filter((e) => e.kind === 'message');

describe('toMetaEvents: WhatsApp', () => {
  it('routes by metadata.phone_number_id, keeps the profile name and the E.164 sender', () => {
    const [event] = messages(
      whatsAppText('106540352242922', '16505551234', ' Hi there ', { name: 'Sheena' }),
    );
    expect(event).toMatchObject({
      route: { channel: 'whatsapp', address: '106540352242922' },
      message: {
        provider: 'meta',
        channel: 'whatsapp',
        from: '+16505551234',
        to: '106540352242922',
        text: 'Hi there',
        profileName: 'Sheena',
      },
    });
  });

  it('answers a customer who hides their number by their business-scoped user id', () => {
    const payload = whatsAppPayload([
      whatsAppChange('1', {
        contacts: [{ user_id: 'US.13491208655302741918', profile: { name: 'Jane' } }],
        messages: [
          {
            from_user_id: 'US.13491208655302741918',
            id: 'wamid.B',
            timestamp: '1',
            type: 'text',
            text: { body: 'Hi' },
          },
        ],
      }),
    ]);
    expect(messages(payload)).toMatchObject([
      { message: { from: 'US.13491208655302741918', profileName: 'Jane', text: 'Hi' } },
    ]);
  });

  it('tells statuses from messages in the same field and never makes messages of them', () => {
    const events = toMetaEvents(
      whatsAppPayload([
        whatsAppChange('1', {
          statuses: [
            {
              id: 'wamid.A',
              status: 'failed',
              recipient_id: '1650',
              errors: [{ code: 131047, title: 'Re-engagement' }],
            },
          ],
        }),
      ]),
      NOW,
    );
    expect(events).toEqual([
      {
        kind: 'status',
        route: { channel: 'whatsapp', address: '1' },
        status: { providerMessageId: 'wamid.A', status: 'failed', errorCode: '131047', recipient: '1650' },
      },
    ]);
  });

  it('turns a message WhatsApp cannot pass on into an attachment, so it gets the "text only" reply', () => {
    const payload = whatsAppPayload([
      whatsAppChange('1', {
        messages: [
          {
            from: '16505551234',
            id: 'wamid.U',
            timestamp: '1',
            type: 'unsupported',
            errors: [{ code: 131051, title: 'Message type unknown' }],
          },
        ],
      }),
    ]);
    expect(messages(payload)).toMatchObject([{ message: { text: '', attachments: 1 } }]);
  });

  it('ignores reactions, system messages and other fields, with a reason', () => {
    const events = toMetaEvents(
      whatsAppPayload([
        whatsAppChange('1', {
          messages: [{ from: '16505551234', id: 'w1', timestamp: '1', type: 'reaction', reaction: {} }],
        }),
        { field: 'account_update', value: { metadata: { phone_number_id: '1' } } },
      ]),
      NOW,
    );
    expect(events.map((e) => e.kind)).toEqual(['ignored', 'ignored']);
  });

  it('never lets the message time run ahead of the clock', () => {
    const future = Math.floor(NOW.getTime() / 1000) + 3600;
    const [event] = messages(whatsAppText('1', '16505551234', 'hi', { timestamp: future }));
    expect(event?.kind === 'message' && event.sentAt).toEqual(NOW);
  });
});

describe('toMetaEvents: Messenger and Instagram', () => {
  it('routes by recipient.id and reads postbacks as text', () => {
    const [message] = messages(messagingPayload('instagram', '178', '900', { text: 'Hello' }));
    expect(message).toMatchObject({
      route: { channel: 'instagram', address: '178' },
      message: { from: '900', to: '178' },
    });
    const postback = {
      object: 'page',
      entry: [
        {
          id: '5',
          messaging: [
            {
              sender: { id: '9' },
              recipient: { id: '5' },
              timestamp: 1,
              postback: { mid: 'm1', title: 'Opening hours', payload: 'HOURS' },
            },
          ],
        },
      ],
    };
    expect(messages(postback)).toMatchObject([
      { message: { channel: 'messenger', text: 'Opening hours', providerMessageId: 'm1' } },
    ]);
  });

  it('ignores standby events: another app holds the conversation', () => {
    const standby = {
      object: 'page',
      entry: [
        {
          id: '5',
          standby: [{ sender: { id: '9' }, recipient: { id: '5' }, message: { mid: 'm', text: 'hi' } }],
        },
      ],
    };
    expect(toMetaEvents(standby, NOW).map((e) => e.kind)).toEqual(['ignored']);
  });
});

describe('toMetaEvents on anything', () => {
  it('never throws and yields only well-formed events', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const event of toMetaEvents(value, NOW))
          expect(['message', 'status', 'ignored']).toContain(event.kind);
      }),
    );
  });
});
