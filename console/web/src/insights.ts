import type { Insights, KnowledgeGap } from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { dayColumns, everyDay, legend, rankedBars, type StackedDay } from './charts.js';
import { announce, fill, h } from './dom.js';
import { type Panel, showFailure } from './panel.js';

const DAYS = 30;
const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

const INTENT_NAMES: Record<string, string> = {
  hours: 'Opening hours',
  pricing: 'Prices',
  booking: 'Bookings',
  location: 'Location',
  product_info: 'Products',
  order_status: 'Order status',
  complaint: 'Complaints',
  human_request: 'Asked for a person',
  greeting: 'Greetings',
  other: 'Other',
};

export const insightsPanel: Panel = {
  async show(body) {
    let insights: Insights;
    try {
      insights = await api<Insights>('GET', `/v1/insights?days=${DAYS}`, undefined, {
        notFoundMeansMissing: true,
      });
    } catch (error) {
      return showFailure(body, error, 'Insights');
    }
    const byDay = new Map(insights.sentimentByDay.map((d) => [d.day, d]));
    const days = everyDay(insights.from, insights.to).map((day) => ({ day, entry: byDay.get(day) }));
    const volume: StackedDay[] = days.map(({ day, entry }) => ({
      day,
      parts: [{ key: 'messages', value: entry?.messages ?? 0 }],
    }));
    const sentiment: StackedDay[] = days.map(({ day, entry }) => ({
      day,
      parts: SENTIMENTS.map((key) => ({ key, value: entry?.[key] ?? 0 })),
    }));
    const totals = Object.fromEntries(
      SENTIMENTS.map((key) => [key, insights.sentimentByDay.reduce((n, d) => n + (d[key] ?? 0), 0)]),
    );
    const gaps = h('div', {});
    fill(
      body,
      h(
        'p',
        { class: 'lead' },
        `${insights.messages} customer ${insights.messages === 1 ? 'message' : 'messages'} from ${insights.from} to ${insights.to}.`,
      ),
      h(
        'div',
        { class: 'grid' },
        dayColumns(
          'Messages per day',
          volume,
          `Messages per day over ${DAYS} days: ${insights.messages} in all.`,
        ),
        rankedBars(
          'Top intents',
          insights.topIntents
            .slice(0, 8)
            .map((i) => ({ label: INTENT_NAMES[i.intent] ?? i.intent, value: i.count })),
        ),
        h(
          'div',
          {},
          dayColumns(
            'Sentiment per day',
            sentiment,
            `Sentiment over ${DAYS} days: ${totals.positive} positive, ${totals.neutral} neutral, ${totals.negative} negative.`,
          ),
          legend(
            SENTIMENTS.map((key) => ({
              key,
              label: `${key[0]?.toUpperCase()}${key.slice(1)} (${totals[key]})`,
            })),
          ),
        ),
      ),
      h('h3', {}, 'Open knowledge gaps'),
      h(
        'p',
        { class: 'hint' },
        'Questions customers asked that your knowledge could not answer, most asked first. Answer one and the assistant knows it from now on.',
      ),
      gaps,
    );
    renderGaps(gaps, insights.openGaps);
  },
};

const renderGaps = (container: HTMLElement, gaps: KnowledgeGap[]) => {
  if (gaps.length === 0) {
    fill(container, h('p', { class: 'empty' }, 'No open gaps: your knowledge answered every question.'));
    return;
  }
  fill(container, h('ul', { class: 'gaps' }, ...gaps.map((gap) => gapItem(gap, container, gaps))));
};

const gapItem = (gap: KnowledgeGap, container: HTMLElement, gaps: KnowledgeGap[]) => {
  const id = `gap-${gap.gapId}`;
  const answer = h('input', {
    id,
    type: 'text',
    required: true,
    maxlength: 1500,
    placeholder: 'The answer, as you would tell a customer',
  });
  const form = h(
    'form',
    { class: 'gap-form' },
    h('label', { for: id, class: 'visually-hidden' }, `Answer: ${gap.question}`),
    answer,
    h('button', { type: 'submit' }, 'Add to knowledge'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = answer.value.trim();
    if (!text) return answer.focus();
    try {
      await api(
        'POST',
        `/v1/insights/gaps/${gap.gapId}/answer`,
        { answer: text },
        { notFoundMeansMissing: false },
      );
      announce(`Added to your knowledge: ${gap.question}`);
      renderGaps(
        container,
        gaps.filter((g) => g !== gap),
      );
    } catch (error) {
      announce(`Not added: ${(error as Error).message}`, 'error');
    }
  });
  return h(
    'li',
    { class: 'card gap' },
    h('p', { class: 'question' }, `“${gap.question}”`),
    h('p', { class: 'muted small' }, `Asked ${gap.asked} ${gap.asked === 1 ? 'time' : 'times'}`),
    form,
  );
};
