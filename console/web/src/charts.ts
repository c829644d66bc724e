import { h, s } from './dom.js';

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 24, left: 32 };

/** A chart as a figure: the SVG for the eye, and its caption and a text summary for screen readers. */
const figure = (caption: string, summary: string, svg: SVGElement) => {
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', summary);
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.classList.add('chart');
  return h('figure', { class: 'card' }, h('figcaption', {}, caption), svg);
};

/** A round top for the axis, even so its middle tick is a whole number. */
const niceMax = (value: number) => {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const top = Math.ceil(value / magnitude) * magnitude;
  return top % 2 === 0 ? top : top + magnitude;
};

const axis = (max: number) => {
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  return [0, max / 2, max].map((tick) => {
    const y = PAD.top + plotHeight - (tick / max) * plotHeight;
    return s(
      'g',
      { class: 'tick' },
      s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y }),
      s('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end' }, String(Math.round(tick))),
    );
  });
};

export interface StackedDay {
  day: string;
  parts: Array<{ key: string; value: number }>;
}

/** Columns per day, stacked by part (one part gives a plain volume chart). */
export const dayColumns = (caption: string, days: StackedDay[], summary: string) => {
  const totals = days.map((d) => d.parts.reduce((n, p) => n + p.value, 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(days.length, 1);
  const barWidth = Math.min(28, Math.max(2, slot * 0.7));
  const columns = days.map((d, i) => {
    let y = PAD.top + plotHeight;
    const x = PAD.left + i * slot + (slot - barWidth) / 2;
    return s(
      'g',
      {},
      s('title', {}, `${d.day}: ${d.parts.map((p) => `${p.value} ${p.key}`).join(', ')}`),
      ...d.parts.map((part) => {
        const height = (part.value / max) * plotHeight;
        y -= height;
        return s('rect', { x, y, width: barWidth, height, class: `series ${part.key}` });
      }),
    );
  });
  const labels = days.length
    ? [days[0], days[days.length - 1]].map((d, i) =>
        s(
          'text',
          {
            x: i === 0 ? PAD.left : WIDTH - PAD.right,
            y: HEIGHT - 6,
            'text-anchor': i === 0 ? 'start' : 'end',
          },
          d?.day.slice(5) ?? '',
        ),
      )
    : [];
  return figure(caption, summary, s('svg', {}, ...axis(max), ...columns, ...labels));
};

/** Horizontal bars, largest first: top intents. */
export const rankedBars = (caption: string, rows: Array<{ label: string; value: number }>) => {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return h(
    'figure',
    { class: 'card' },
    h('figcaption', {}, caption),
    rows.length === 0
      ? h('p', { class: 'empty' }, 'No messages in this period yet.')
      : h(
          'ul',
          { class: 'bars' },
          ...rows.map((row) => {
            const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
            bar.style.width = `${(row.value / max) * 100}%`;
            return h(
              'li',
              {},
              h('span', { class: 'bar-label' }, row.label),
              h('span', { class: 'bar-track' }, bar),
              h('span', { class: 'bar-value' }, String(row.value)),
            );
          }),
        ),
  );
};

export const legend = (items: Array<{ key: string; label: string }>) =>
  h(
    'ul',
    { class: 'legend' },
    ...items.map((item) =>
      h('li', {}, h('span', { class: `swatch ${item.key}`, 'aria-hidden': 'true' }), item.label),
    ),
  );

/** Every day from `from` to `to` (yyyy-mm-dd, inclusive), so days without data show as zero. */
export const everyDay = (from: string, to: string) => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};
