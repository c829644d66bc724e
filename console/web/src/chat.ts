import type { TriedAnswer, TryBody } from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { documentLabel, refreshDocumentNames } from './documents.js';
import { fill, h } from './dom.js';
import type { Panel } from './panel.js';

const EXCERPT_CHARS = 280;

/** Kept while the tab lives, so switching sections does not lose the test conversation. */
const transcript = h('ol', { class: 'chat-log', 'aria-label': 'Test conversation', 'aria-live': 'polite' });

export const chatPanel: Panel = {
  async show(body) {
    const question = h('input', {
      id: 'chat-question',
      type: 'text',
      autocomplete: 'off',
      required: true,
      maxlength: 1000,
      placeholder: 'e.g. Are you open on Sundays?',
    });
    const send = h('button', { type: 'submit' }, 'Ask');
    const form = h(
      'form',
      { class: 'chat-form' },
      h('label', { for: 'chat-question', class: 'visually-hidden' }, 'Ask the assistant as a customer would'),
      question,
      send,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = question.value.trim();
      if (!text) return;
      question.value = '';
      send.disabled = true;
      transcript.append(
        h('li', { class: 'bubble customer' }, h('span', { class: 'who' }, 'You, as a customer'), text),
      );
      const pending = h('li', { class: 'bubble assistant pending' }, 'Thinking…');
      transcript.append(pending);
      try {
        const [answer] = await Promise.all([
          api<TriedAnswer>('POST', '/v1/assistant/try', { question: text } satisfies TryBody),
          refreshDocumentNames().catch(() => []),
        ]);
        pending.replaceWith(answerBubble(answer));
      } catch (error) {
        pending.replaceWith(h('li', { class: 'bubble error', role: 'alert' }, (error as Error).message));
      } finally {
        send.disabled = false;
        question.focus();
      }
    });
    fill(
      body,
      h(
        'p',
        { class: 'lead' },
        'Ask what your customers ask. The answer comes from your documents and profile, exactly as a customer would get it; nothing is sent to anyone.',
      ),
      transcript,
      form,
    );
    question.focus();
  },
};

const answerBubble = (answer: TriedAnswer) =>
  h(
    'li',
    { class: `bubble assistant${answer.grounded ? '' : ' unknown'}` },
    h('span', { class: 'who' }, 'Assistant'),
    h('p', { class: 'answer' }, answer.answer),
    answer.sources.length === 0
      ? h(
          'p',
          { class: 'muted small' },
          answer.grounded
            ? ''
            : 'No source matched: this question becomes a knowledge gap when a customer asks it.',
        )
      : h(
          'div',
          { class: 'sources' },
          h('p', { class: 'small strong' }, `Sources (${answer.sources.length})`),
          h(
            'ol',
            {},
            ...answer.sources.map((source) =>
              h(
                'li',
                { class: 'source' },
                h('span', { class: 'doc-name' }, documentLabel(source.documentId)),
                h('span', { class: 'muted' }, ` · passage ${source.chunk + 1}`),
                h('blockquote', {}, excerpt(source.text)),
              ),
            ),
          ),
        ),
  );

const excerpt = (text: string) =>
  text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS).trimEnd()}…` : text;
