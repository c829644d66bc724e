import type { ConversationList, Me, Tenant } from '../../../functions/contracts/admin-api.js';
import { activityPanel } from './activity.js';
import { api, loadConfig, type Session, session } from './api.js';
import { callsPanel } from './calls.js';
import { channelsPanel } from './channels.js';
import { chatPanel } from './chat.js';
import { conversationsPanel, updateNeedsPersonCount } from './conversations.js';
import { dataPanel } from './data-rights.js';
import { documentsPanel } from './documents.js';
import { announce, byId, fill } from './dom.js';
import { insightsPanel } from './insights.js';
import { keysPanel } from './keys.js';
import type { Panel } from './panel.js';
import { profilePanel } from './profile.js';
import { showSignIn } from './sign-in.js';
import { teamPanel } from './team.js';
import { usagePanel } from './usage.js';
import { websitePanel } from './website.js';

type Role = Me['role'];
const EVERYONE: Role[] = ['owner', 'staff', 'viewer'];

/** Each panel and the roles that see it; the API refuses the rest anyway (403). */
const PANELS: Record<string, { panel: Panel; roles: Role[] }> = {
  profile: { panel: profilePanel, roles: ['owner'] },
  documents: { panel: documentsPanel, roles: EVERYONE },
  chat: { panel: chatPanel, roles: ['owner', 'staff'] },
  conversations: { panel: conversationsPanel, roles: EVERYONE },
  calls: { panel: callsPanel, roles: EVERYONE },
  insights: { panel: insightsPanel, roles: EVERYONE },
  usage: { panel: usagePanel, roles: EVERYONE },
  channels: { panel: channelsPanel, roles: ['owner'] },
  // Everyone may read it (the snippet); only an owner may save it (the API says so too).
  website: { panel: websitePanel, roles: EVERYONE },
  keys: { panel: keysPanel, roles: ['owner'] },
  team: { panel: teamPanel, roles: ['owner'] },
  activity: { panel: activityPanel, roles: ['owner'] },
  data: { panel: dataPanel, roles: ['owner'] },
};
const FIRST = 'documents';

let current: string | undefined;
let role: Role | undefined;

const visible = (name: string) => Boolean(role && PANELS[name]?.roles.includes(role));

const showPanel = async (requested: string, focus: boolean) => {
  const name = visible(requested) ? requested : FIRST;
  if (current && current !== name) PANELS[current]?.panel.hide?.();
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
    await PANELS[name]?.panel.show(body);
  } finally {
    body.removeAttribute('aria-busy');
  }
  if (focus) section.querySelector('h2')?.focus();
};

const signedIn = async (me: Me) => {
  role = me.role;
  document.body.dataset.role = me.role;
  // Panels a role may not use are not offered at all (not merely disabled).
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav.tabs a'))
    link.hidden = !visible(link.hash.slice(1));
  const tenant = await api<Tenant>('GET', '/v1/tenant');
  // The sign-in forms leave the page, not only the view: no password field lingers in the DOM.
  fill(byId('sign-in-view'));
  byId('sign-in-view').hidden = true;
  byId('app').hidden = false;
  byId('sign-out').hidden = false;
  byId('business-name').textContent = tenant.name;
  byId('who').textContent = `${me.kind === 'person' ? me.email : ''} · ${me.role}`;
  for (const heading of document.querySelectorAll('section.panel h2')) heading.setAttribute('tabindex', '-1');
  await showPanel(location.hash.slice(1), false);
  // The badge on "Conversations" shows customers waiting wherever the person is.
  api<ConversationList>('GET', '/v1/conversations')
    .then(({ conversations }) => updateNeedsPersonCount(conversations))
    .catch(() => undefined);
  announce(`Signed in to ${tenant.name} as ${me.role}.`);
};

const signOut = (message?: string) => {
  if (current) PANELS[current]?.panel.hide?.();
  current = undefined;
  role = undefined;
  delete document.body.dataset.role;
  session.clear();
  // What the last person saw leaves the page with them: the next one may have another role.
  for (const body of document.querySelectorAll('section.panel .body')) fill(body);
  byId('app').hidden = true;
  byId('sign-out').hidden = true;
  byId('business-name').textContent = '';
  byId('who').textContent = '';
  byId('sign-in-view').hidden = false;
  showSignIn(async (signed: Session, me: Me) => {
    session.set(signed);
    await signedIn(me);
  }, message);
};

const start = async () => {
  await loadConfig();
  byId('sign-out').addEventListener('click', () => {
    signOut();
    announce('Signed out.');
  });
  window.addEventListener('frontdesk:signed-out', () => {
    if (session.get()) signOut('Your sign-in has expired or your account was changed. Sign in again.');
  });
  window.addEventListener('frontdesk:renamed', (event) => {
    byId('business-name').textContent = String((event as CustomEvent).detail);
  });
  window.addEventListener('hashchange', () => {
    if (session.get()) void showPanel(location.hash.slice(1), true);
  });

  if (session.get()) {
    try {
      await signedIn(await api<Me>('GET', '/v1/me'));
      return;
    } catch {
      session.clear();
    }
  }
  signOut();
};

void start();
