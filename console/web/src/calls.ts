import type { CallDetail, CallList, CallView } from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { fill, formatDate, h } from './dom.js';
import { type Panel, showFailure } from './panel.js';

const OUTCOMES: Record<CallView['outcome'], { label: string; badge: string }> = {
  answered: { label: 'Answered', badge: 'ready' },
  transferred: { label: 'Put through to you', badge: 'ready' },
  message: { label: 'Left a message', badge: 'pending' },
  dropped: { label: 'Hung up unanswered', badge: 'failed' },
  'in-progress': { label: 'In progress', badge: 'pending' },
};

const duration = (seconds: number | undefined) =>
  seconds === undefined ? '' : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

let selected: string | undefined;

/** The business's phone calls: who called, how it went, and the transcript turn by turn. */
export const callsPanel: Panel = {
  async show(body) {
    const list = h('div', { class: 'conversation-list' });
    const detail = h('div', { class: 'conversation-detail', id: 'call-detail', tabindex: -1 });
    fill(body, h('div', { class: 'split' }, list, detail));
    let calls: CallView[];
    try {
      ({ calls } = await api<CallList>('GET', '/v1/calls', undefined, {
        notFoundMeansMissing: true,
      }));
    } catch (error) {
      return showFailure(list, error, 'Calls');
    }
    fill(
      list,
      calls.length === 0
        ? h('p', { class: 'empty' }, 'No calls yet.')
        : h(
            'ul',
            { class: 'conversations', 'aria-label': 'Calls, newest first' },
            ...calls.map((call) =>
              h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: `conversation${call.id === selected ? ' selected' : ''}`,
                    'data-call': call.id,
                    onclick: () => {
                      selected = call.id;
                      void renderDetail(detail, call.id).then(() => detail.focus());
                    },
                  },
                  h('span', { class: 'customer' }, call.from),
                  h('span', { class: `badge ${OUTCOMES[call.outcome].badge}` }, OUTCOMES[call.outcome].label),
                  h(
                    'span',
                    { class: 'muted small' },
                    [formatDate(call.startedAt), duration(call.durationSeconds), call.sentiment]
                      .filter(Boolean)
                      .join(' · '),
                  ),
                ),
              ),
            ),
          ),
    );
    if (selected) await renderDetail(detail, selected);
    else fill(detail, h('p', { class: 'empty' }, 'Pick a call to read its transcript.'));
  },
};

const renderDetail = async (detail: HTMLElement, id: string) => {
  let call: CallDetail;
  try {
    call = await api<CallDetail>('GET', `/v1/calls/${encodeURIComponent(id)}`);
  } catch (error) {
    return showFailure(detail, error, 'This call');
  }
  fill(
    detail,
    h('h3', {}, `${call.from} · ${formatDate(call.startedAt)}`),
    h(
      'p',
      { class: 'muted' },
      [
        OUTCOMES[call.outcome].label,
        duration(call.durationSeconds),
        call.sentiment && `caller ${call.sentiment}`,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    h(
      'ol',
      { class: 'chat-log', 'aria-label': 'Transcript' },
      ...call.transcript.map((turn) =>
        h(
          'li',
          { class: `bubble ${turn.role === 'caller' ? 'customer' : 'assistant'}` },
          h(
            'span',
            { class: 'who' },
            `${turn.role === 'caller' ? 'Caller' : 'Assistant'} · ${formatDate(turn.at)}${turn.interrupted ? ' · cut short by the caller' : ''}`,
          ),
          turn.text,
        ),
      ),
    ),
  );
};
