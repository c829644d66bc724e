import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitMessage } from '../functions/channels/split.js';
import type { ChannelSender, OutboundMessage } from '../functions/contracts/messages.js';

export interface OutboxEntry {
  id: string;
  provider: OutboundMessage['provider'];
  channel: OutboundMessage['channel'];
  from: string;
  to: string;
  text: string;
  tenantId?: string;
  /** The approved WhatsApp template it went out as (outside the 24-hour window). */
  template?: OutboundMessage['template'];
  at: string;
}

/**
 * An append-only journal of what would have been sent or what died: in memory, or also as JSON
 * lines under the state directory so it survives a restart.
 */
export class LocalJournal<T> {
  private readonly entries: T[] = [];
  private readonly listeners = new Set<(entry: T) => void>();
  private readonly file: string | undefined;

  constructor(stateDir: string, fileName: string) {
    if (stateDir !== ':memory:') {
      mkdirSync(stateDir, { recursive: true });
      this.file = join(stateDir, fileName);
      if (existsSync(this.file)) {
        for (const line of readFileSync(this.file, 'utf8').split('\n'))
          if (line.trim()) this.entries.push(JSON.parse(line));
      }
    }
  }

  add(entry: T): void {
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    for (const listener of this.listeners) listener(entry);
  }

  /** Oldest first, newest last. */
  list(): T[] {
    return [...this.entries];
  }

  /** Resolves with the first entry (already present or future) that matches. */
  waitFor(match: (entry: T) => boolean, timeoutMs = 10_000, after = 0): Promise<T> {
    const found = this.entries.slice(after).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (entry: T) => {
        if (!match(entry)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(entry);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`Nothing matching arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}

let sequence = 0;

/**
 * A sender that writes to the local outbox instead of calling Twilio or Meta. It splits long
 * replies with the provider's limit (a character count, or the provider's own split, e.g.
 * Instagram's byte limit), so the outbox shows exactly the parts that would be sent.
 */
export const createOutboxSender = (
  outbox: LocalJournal<OutboxEntry>,
  limit: number | ((message: OutboundMessage) => string[]),
): ChannelSender => ({
  async send(message) {
    const ids: string[] = [];
    const parts = message.template
      ? [message.text]
      : typeof limit === 'number'
        ? splitMessage(message.text, limit)
        : limit(message);
    for (const text of parts) {
      const id = `LOCAL${Date.now().toString(36)}${(++sequence).toString(36).padStart(4, '0')}`;
      outbox.add({
        id,
        provider: message.provider,
        channel: message.channel,
        from: message.from,
        to: message.to,
        text,
        tenantId: message.tenantId,
        ...(message.template ? { template: message.template } : {}),
        at: new Date().toISOString(),
      });
      ids.push(id);
    }
    return { providerMessageIds: ids };
  },
});
