import { ApiError, NotAvailableError } from './api.js';
import { fill, h } from './dom.js';

/** One section of the console; `show` runs each time the owner opens it. */
export interface Panel {
  show(body: HTMLElement): Promise<void>;
  /** Stops timers when the owner leaves the section. */
  hide?(): void;
}

/** What a panel shows when its endpoint is missing or failed, instead of breaking the page. */
export const showFailure = (body: HTMLElement, error: unknown, what: string) => {
  if (error instanceof NotAvailableError) {
    fill(
      body,
      h(
        'div',
        { class: 'notice', 'data-state': 'not-available' },
        h('strong', {}, `${what} is not available yet.`),
        ' This Frontdesk API does not offer it; it will appear here once the API is updated.',
      ),
    );
    return;
  }
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  fill(body, h('div', { class: 'notice error', role: 'alert' }, `${what} could not be loaded: ${message}`));
};

/** A button that disables itself while its action runs, so a double click does not act twice. */
export const actionButton = (
  label: string,
  action: () => Promise<void>,
  attributes: Record<string, string> = {},
) => {
  const button = h('button', { type: 'button', ...attributes }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  });
  return button;
};
