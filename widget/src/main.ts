import { createChat, type Endpoints, hasKeptSession, RefusedError } from './connection.js';
import { stringsFor } from './strings.js';
import { type Entry, mountChat } from './view.js';

/**
 * Replaced where the script is deployed (the console's CloudFront distribution names its API);
 * left as is, the API is the origin the script came from (the local stack serves both).
 */
const API_URL = '__FRONTDESK_API_URL__';
const SOCKET_URL = '__FRONTDESK_SOCKET_URL__';
const MAX_MESSAGE_CHARS = 1000;

/** A URL that was set: a data attribute, or a placeholder the deployment replaced. */
const configured = (value: string | undefined): string | undefined =>
  value && !value.startsWith('__FRONTDESK_') ? value : undefined;

/** `data-api` / `data-socket` on the tag win (self-hosting); `data-socket=""` means poll only. */
const endpointsOf = (script: HTMLScriptElement): Endpoints => {
  const from = new URL(script.src, location.href);
  const api = configured(script.dataset.api) ?? configured(API_URL) ?? from.origin;
  const socket =
    script.dataset.socket === ''
      ? ''
      : (configured(script.dataset.socket) ??
        configured(SOCKET_URL) ??
        `${from.protocol === 'https:' ? 'wss' : 'ws'}://${from.host}/live`);
  return { api: api.replace(/\/+$/, ''), socket };
};

const start = (script: HTMLScriptElement) => {
  const business = script.dataset.business;
  if (!business) {
    console.warn('Frontdesk chat: the script tag needs data-business="<your business id>"');
    return;
  }
  const { lang, strings } = stringsFor(document.documentElement.lang || navigator.language);
  const host = document.createElement('div');
  host.setAttribute('data-frontdesk-chat', '');
  document.body.append(host);

  let started: Promise<void> | undefined;
  let waiting = false;
  const onEntries = (entries: Entry[]) => {
    view.show(entries);
    if (waiting && entries.some((e) => e.author !== 'visitor')) {
      waiting = false;
      view.setStatus('');
    }
  };
  const chat = createChat(endpointsOf(script), business, onEntries);
  const begin = () => {
    started ??= chat
      .start(`${location.origin}${location.pathname}`)
      .then((look) => view.setLook(look))
      .catch((error) => {
        // Not a listed site (403, or no CORS header at all), or the service is down.
        if (!(error instanceof RefusedError) || error.status === 403) chat.forget();
        view.setStatus(strings.unavailable, true);
        view.setEnabled(false);
      });
    return started;
  };
  const view = mountChat(host, {
    strings,
    lang,
    maxLength: MAX_MESSAGE_CHARS,
    look: { title: document.title, greeting: '', accentColor: script.dataset.color ?? '#1f6feb' },
    onOpen: () => void begin(),
    async onSend(text) {
      await begin();
      try {
        view.setStatus(strings.typing);
        waiting = true;
        await chat.send(text);
        return true;
      } catch (error) {
        waiting = false;
        const status = error instanceof RefusedError ? error.status : 0;
        view.setStatus(
          status === 413 ? strings.tooLong : status === 429 ? strings.busy : strings.failed,
          true,
        );
        return false;
      }
    },
    async onContact(contact) {
      await begin();
      try {
        await chat.leaveContact(contact);
        return true;
      } catch {
        view.setStatus(strings.failed, true);
        return false;
      }
    },
  });
  // A returning visitor sees their conversation (and the team's replies) without opening the chat.
  if (hasKeptSession(business)) void begin();
};

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script));
}
