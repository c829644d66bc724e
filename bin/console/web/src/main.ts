import { api, loadConfig, session } from './api.js';
import { callsPanel } from './calls.js';
import { channelsPanel } from './channels.js';
import { chatPanel } from './chat.js';
import { conversationsPanel, updateNeedsPersonCount } from './conversations.js';
import { documentsPanel } from './documents.js';
import { announce, byId } from './dom.js';
import { insightsPanel } from './insights.js';
import { keysPanel } from './keys.js';
import type { Panel } from './panel.js';
import { profilePanel } from './profile.js';
import { usagePanel } from './usage.js';

const PANELS: Record<string, Panel> = {
  profile: profilePanel,
  documents: documentsPanel,
  chat: chatPanel,
  conversations: conversationsPanel,
  calls: callsPanel,
  insights: insightsPanel,
  usage: usagePanel,
  channels: channelsPanel,
  keys: keysPanel,
};
const FIRST = 'documents';

let current: string | undefined;

const showPanel = async (requested: string, focus: boolean) => {
  const name = requested in PANELS ? requested : FIRST;
  if (current && current !== name) PANELS[current]?.hide?.();
  current = name;
  for (const section of document.querySelectorAll<HTMLElement>('section.panel'))
    section.hidden = section.id !== name;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav.tabs a')) {
    if (link.hash === `#${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const section = byId(name);
  document.title = `${section.querySelector('h2')?.textContent ?? 'Console'} · Frontdesk`;
  const body = section.querySelector<HTMLElement>('.body');
  if (!body) return;
  body.setAttribute('aria-busy', 'true');
  try {
    await PANELS[name]?.show(body);
  } finally {
    body.removeAttribute('aria-busy');
  }
  if (focus) section.querySelector('h2')?.focus();
};

const signedIn = async (tenant: { name: string }) => {
  byId('sign-in-view').hidden = true;
  byId('app').hidden = false;
  byId('sign-out').hidden = false;
  byId('business-name').textContent = tenant.name;
  for (const heading of document.querySelectorAll('section.panel h2')) heading.setAttribute('tabindex', '-1');
  await showPanel(location.hash.slice(1), false);
  // The badge on "Conversations" shows customers waiting wherever the owner is.
  api<{ conversations: Parameters<typeof updateNeedsPersonCount>[0] }>('GET', '/v1/conversations')
    .then(({ conversations }) => updateNeedsPersonCount(conversations))
    .catch(() => undefined);
};

const signOut = (message?: string) => {
  if (current) PANELS[current]?.hide?.();
  current = undefined;
  session.clear();
  byId('app').hidden = true;
  byId('sign-out').hidden = true;
  byId('business-name').textContent = '';
  byId('sign-in-view').hidden = false;
  byId('sign-in-error').textContent = message ?? '';
  byId<HTMLInputElement>('api-key').focus();
};

const start = async () => {
  await loadConfig();
  const form = byId<HTMLFormElement>('sign-in');
  const keyInput = byId<HTMLInputElement>('api-key');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    const error = byId('sign-in-error');
    if (!key) {
      error.textContent = 'Enter your API key.';
      return keyInput.focus();
    }
    error.textContent = '';
    try {
      const tenant = await api<{ name: string }>('GET', '/v1/tenant', undefined, { key });
      session.set(key);
      keyInput.value = '';
      await signedIn(tenant);
      announce(`Signed in to ${tenant.name}.`);
    } catch (failure) {
      error.textContent =
        (failure as { status?: number }).status === 401
          ? 'That key was not accepted. Check that you copied all of it. If it is lost, send !key to your business number from the owner’s phone for a new one.'
          : `Could not sign in: ${(failure as Error).message}`;
      keyInput.focus();
    }
  });
  byId('sign-out').addEventListener('click', () => {
    signOut();
    announce('Signed out.');
  });
  window.addEventListener('frontdesk:signed-out', () =>
    signOut('Your key is no longer accepted. Sign in again.'),
  );
  window.addEventListener('frontdesk:renamed', (event) => {
    byId('business-name').textContent = String((event as CustomEvent).detail);
  });
  window.addEventListener('hashchange', () => {
    if (session.get()) void showPanel(location.hash.slice(1), true);
  });

  if (session.get()) {
    try {
      await signedIn(await api<{ name: string }>('GET', '/v1/tenant'));
      return;
    } catch {
      session.clear();
    }
  }
  signOut();
};

void start();
