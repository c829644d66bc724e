import { ApiError, api, NotAvailableError } from './api.js';
import { dayColumns, everyDay } from './charts.js';
import { fill, h } from './dom.js';
import type { Insights, UsageTotals } from './insights.js';
import { type Panel, showFailure } from './panel.js';

/**
 * `GET /v1/usage` belongs to the operations work; until it is deployed, this month's totals
 * come from the insights answer and the panel says that the detailed view is not available yet.
 */
type UsageAnswer = Partial<UsageTotals> & {
  month?: string | Partial<UsageTotals>;
  thisMonth?: Partial<UsageTotals>;
  totals?: Partial<UsageTotals>;
  estimatedMonthCostUsd?: number;
  days?: Array<Partial<UsageTotals> & { day: string }>;
  from?: string;
  to?: string;
};

const totalsOf = (answer: UsageAnswer): Partial<UsageTotals> =>
  answer.thisMonth ?? answer.totals ?? (typeof answer.month === 'object' ? answer.month : answer);

const money = (usd: number) => `$${usd < 10 ? usd.toFixed(4).replace(/0{1,2}$/, '') : usd.toFixed(2)}`;

/** What the month will cost at this month's pace so far. */
const projectMonth = (spent: number, now = new Date()) => {
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const elapsed = (now.getUTCDate() - 1 + (now.getUTCHours() + 1) / 24) / daysInMonth;
  return spent / Math.max(elapsed, 1 / daysInMonth);
};

export const usagePanel: Panel = {
  async show(body) {
    let totals: Partial<UsageTotals>;
    let estimate: number | undefined;
    let note: HTMLElement | null = null;
    let days: UsageAnswer['days'] = [];
    try {
      const answer = await api<UsageAnswer>('GET', '/v1/usage', undefined, { notFoundMeansMissing: true });
      totals = totalsOf(answer);
      estimate = answer.estimatedMonthCostUsd;
      const byDay = new Map((answer.days ?? []).map((d) => [d.day, d]));
      days =
        answer.from && answer.to
          ? everyDay(answer.from, answer.to).map((day) => byDay.get(day) ?? { day, messages: 0 })
          : (answer.days ?? []);
    } catch (error) {
      if (!(error instanceof NotAvailableError)) return showFailure(body, error, 'Usage');
      try {
        const insights = await api<Insights>('GET', '/v1/insights?days=1', undefined, {
          notFoundMeansMissing: true,
        });
        if (!insights.usageThisMonth) throw new NotAvailableError(404, 'no usage');
        totals = insights.usageThisMonth;
      } catch (fallbackError) {
        return showFailure(body, fallbackError instanceof ApiError ? fallbackError : error, 'Usage');
      }
      note = h(
        'p',
        { class: 'notice', 'data-state': 'not-available' },
        'The detailed usage view (GET /v1/usage) is not available yet; these are this month’s totals from your insights.',
      );
    }
    const spent = totals.costUsd ?? 0;
    const projected = estimate ?? projectMonth(spent);
    fill(
      body,
      note,
      h(
        'dl',
        { class: 'stats' },
        stat('Messages answered', String(totals.messages ?? 0)),
        stat('Model calls', String(totals.modelCalls ?? 0)),
        stat('Tokens', `${(totals.inputTokens ?? 0) + (totals.outputTokens ?? 0)}`),
        stat('Model cost so far', money(spent)),
        stat('Estimated for the month', money(projected)),
      ),
      days.length
        ? dayColumns(
            'Messages answered per day',
            days.map((d) => ({ day: d.day, parts: [{ key: 'messages', value: d.messages ?? 0 }] })),
            `Messages answered per day this month: ${totals.messages ?? 0} in all.`,
          )
        : null,
      h(
        'p',
        { class: 'hint' },
        'Costs are estimates from the model’s list prices; the estimate assumes the rest of the month looks like the part so far. Channel fees (Twilio, Meta) are billed by them and are not included.',
      ),
    );
  },
};

const stat = (label: string, value: string) =>
  h('div', { class: 'stat card' }, h('dt', {}, label), h('dd', {}, value));
