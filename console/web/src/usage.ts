import type { UsageReport } from '../../../functions/contracts/admin-api.js';
import { api } from './api.js';
import { dayColumns, everyDay } from './charts.js';
import { fill, h } from './dom.js';
import { type Panel, showFailure } from './panel.js';

const money = (usd: number) => `$${usd < 10 ? usd.toFixed(4).replace(/0{1,2}$/, '') : usd.toFixed(2)}`;

/** What the month will cost at this month's pace so far. */
const projectMonth = (spent: number, now = new Date()) => {
  const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const elapsed = (now.getUTCDate() - 1 + (now.getUTCHours() + 1) / 24) / daysInMonth;
  return spent / Math.max(elapsed, 1 / daysInMonth);
};

export const usagePanel: Panel = {
  async show(body) {
    let report: UsageReport;
    try {
      report = await api<UsageReport>('GET', '/v1/usage', undefined, { notFoundMeansMissing: true });
    } catch (error) {
      return showFailure(body, error, 'Usage');
    }
    const totals = report.thisMonth;
    const byDay = new Map(report.days.map((d) => [d.day, d.messages]));
    const days = everyDay(report.from, report.to).map((day) => ({ day, messages: byDay.get(day) ?? 0 }));
    const spent = totals.costUsd;
    fill(
      body,
      h(
        'dl',
        { class: 'stats' },
        stat('Messages answered', String(totals.messages)),
        stat('Model calls', String(totals.modelCalls)),
        stat('Tokens', `${totals.inputTokens + totals.outputTokens}`),
        stat('Model cost so far', money(spent)),
        stat('Estimated for the month', money(projectMonth(spent))),
      ),
      days.length
        ? dayColumns(
            'Messages answered per day',
            days.map((d) => ({ day: d.day, parts: [{ key: 'messages', value: d.messages }] })),
            `Messages answered per day this month: ${totals.messages} in all.`,
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
