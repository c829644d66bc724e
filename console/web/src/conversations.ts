import type {
  ConversationDetail,
  ConversationList,
  ConversationView,
  OwnerMessageBody,
} from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { announce, fill, formatDate, h } from './dom.js';
import { actionButton, type Panel, showFailure } from './panel.js';

const ROLE_NAMES = { customer: 'Customer', assistant: 'Assistant', owner: 'You' } as const;
const REFRESH_MS = 5000;

let selected: string | undefined;
let onlyNeedingPerson = false;
let refreshTimer: number | undefined;

/** The count in the navigation, so a waiting customer is seen from any section. */
export const updateNeedsPersonCount = (conversations: ConversationView[]) => {
  const count = conversations.filter((c) => c.status === 'with-person').length;
  const badge = document.getElementById('needs-person-count');
  if (!badge) return;
  badge.hidden = count === 0;
  // The number for the eye; the words for screen readers (aria-label is ignored on a span).
  fill(
    badge,
    String(count),
    h('span', { class: 'visually-hidden' }, ` ${count === 1 ? 'needs' : 'need'} a person`),
  );
};

export const conversationsPanel: Panel = {
  async show(body) {
    const list = h('div', { class: 'conversation-list' });
    const detail = h('div', { class: 'conversation-detail', id: 'conversation-detail', tabindex: -1 });
    const filter = h('input', { id: 'needs-person-only', type: 'checkbox' });
    filter.checked = onlyNeedingPerson;
    filter.addEventListener('change', () => {
      onlyNeedingPerson = filter.checked;
      void renderList(list, detail);
    });
    fill(
      body,
      h(
        'div',
        { class: 'check' },
        filter,
        h('label', { for: 'needs-person-only' }, 'Show only conversations that need a person'),
      ),
      h('div', { class: 'split' }, list, detail),
    );
    await renderList(list, detail);
    if (selected) await renderDetail(detail, selected, list);
    else fill(detail, h('p', { class: 'empty' }, 'Pick a conversation to read it.'));
  },
  hide() {
    window.clearTimeout(refreshTimer);
  },
};

const renderList = async (list: HTMLElement, detail: HTMLElement) => {
  window.clearTimeout(refreshTimer);
  let conversations: ConversationView[];
  try {
    ({ conversations } = await api<ConversationList>('GET', '/v1/conversations', undefined, {
      notFoundMeansMissing: true,
    }));
  } catch (error) {
    return showFailure(list, error, 'Conversations');
  }
  updateNeedsPersonCount(conversations);
  const shown = onlyNeedingPerson ? conversations.filter((c) => c.status === 'with-person') : conversations;
  fill(
    list,
    shown.length === 0
      ? h(
          'p',
          { class: 'empty' },
          onlyNeedingPerson ? 'Nobody is waiting for a person.' : 'No conversations yet.',
        )
      : h(
          'ul',
          { class: 'conversations', 'aria-label': 'Conversations, newest first' },
          ...shown.map((c) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: `conversation${c.conversationId === selected ? ' selected' : ''}`,
                  'aria-current': c.conversationId === selected ? 'true' : undefined,
                  'data-conversation': c.conversationId,
                  onclick: () => {
                    selected = c.conversationId;
                    void renderDetail(detail, c.conversationId, list).then(() => detail.focus());
                    for (const b of list.querySelectorAll('button.conversation')) {
                      b.classList.toggle('selected', b === document.activeElement);
                    }
                  },
                },
                h('span', { class: 'customer' }, c.customer),
                c.status === 'with-person'
                  ? h('span', { class: 'badge failed' }, 'Needs a person')
                  : h('span', { class: 'badge ready' }, 'Assistant'),
                h(
                  'span',
                  { class: 'muted small' },
                  [c.channel === 'web' ? 'website' : c.channel, c.page, formatDate(c.lastActivityAt)]
                    .filter(Boolean)
                    .join(' · '),
                ),
              ),
            ),
          ),
        ),
  );
  refreshTimer = window.setTimeout(async () => {
    if (openDetail && openDetail.id === selected) await openDetail.update();
    await renderList(list, detail);
  }, REFRESH_MS);
};

/** The open conversation: its header and messages refresh in place; the reply form is kept. */
let openDetail: { id: string; update: () => Promise<void> } | undefined;

const renderDetail = async (detail: HTMLElement, id: string, list: HTMLElement) => {
  const head = h('div', { class: 'detail-head' });
  const waiting = h('div', {});
  const log = h('ol', { class: 'chat-log' });
  const reply = h('textarea', { id: 'reply-text', rows: 3, required: true, maxlength: 1600 });
  const label = h('label', { for: 'reply-text' }, 'Reply');
  const form = h(
    'form',
    { class: 'stack reply' },
    label,
    reply,
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Send reply')),
  );
  let customer = '';
  const update = async () => {
    let conversation: ConversationDetail;
    try {
      conversation = await api<ConversationDetail>('GET', `/v1/conversations/${id}`);
    } catch (error) {
      return showFailure(detail, error, 'This conversation');
    }
    customer = conversation.customer;
    label.textContent = `Reply to ${customer}`;
    const withPerson = conversation.status === 'with-person';
    fill(
      head,
      h('h3', {}, customer),
      conversation.page
        ? h('p', { class: 'muted small', 'data-page': '' }, 'Started on ', h('code', {}, conversation.page))
        : null,
      conversation.visitor
        ? h(
            'p',
            { class: 'small', 'data-visitor': '' },
            'Left for a follow-up: ',
            [conversation.visitor.name, conversation.visitor.email].filter(Boolean).join(' · '),
          )
        : null,
      h(
        'span',
        { class: `badge ${withPerson ? 'failed' : 'ready'}` },
        withPerson ? 'Needs a person' : 'Assistant answering',
      ),
      withPerson
        ? actionButton(
            'Hand back to the assistant',
            () =>
              act(
                () =>
                  api('POST', `/v1/conversations/${id}/resume`, undefined, { notFoundMeansMissing: true }),
                'The assistant answers this customer again.',
                refresh,
              ),
            { class: 'secondary' },
          )
        : actionButton(
            'Take over',
            () =>
              act(
                () =>
                  api('POST', `/v1/conversations/${id}/takeover`, undefined, { notFoundMeansMissing: true }),
                'You have this conversation; the assistant stays quiet.',
                refresh,
              ),
            { class: 'secondary' },
          ),
    );
    fill(
      waiting,
      withPerson && conversation.needsPerson?.question
        ? h('p', { class: 'notice' }, h('strong', {}, 'Waiting for you: '), conversation.needsPerson.question)
        : null,
    );
    log.setAttribute('aria-label', `Messages with ${customer}`);
    fill(
      log,
      ...conversation.turns.map((turn) =>
        h(
          'li',
          { class: `bubble ${turn.role}` },
          h('span', { class: 'who' }, `${ROLE_NAMES[turn.role]} · ${formatDate(turn.at)}`),
          turn.text,
        ),
      ),
    );
    log.scrollTop = log.scrollHeight;
  };
  const refresh = async () => {
    await update();
    await renderList(list, detail);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = reply.value.trim();
    if (!text) return reply.focus();
    try {
      await api('POST', `/v1/conversations/${id}/messages`, { text } satisfies OwnerMessageBody);
      reply.value = '';
      // The reply is queued and sent by the answer worker; it shows in the log once sent.
      log.append(
        h('li', { class: 'bubble owner pending' }, h('span', { class: 'who' }, 'You · sending'), text),
      );
      log.scrollTop = log.scrollHeight;
      announce(`Your reply is on its way to ${customer}. The assistant stays quiet until you hand back.`);
      window.setTimeout(() => void refresh(), 800);
    } catch (error) {
      announce(`Not sent: ${(error as Error).message}`, 'error');
    }
  });
  openDetail = { id, update };
  fill(detail, head, waiting, log, form);
  await update();
};

const act = async (call: () => Promise<unknown>, done: string, then: () => Promise<void>) => {
  try {
    await call();
    announce(done);
  } catch (error) {
    announce((error as Error).message, 'error');
  }
  await then();
};
