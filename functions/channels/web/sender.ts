import type { ChannelSender } from '../../contracts/messages.js';
import { sha256Hex } from '../../platform/ids.js';
import { logger } from '../../platform/observability.js';
import type { ConnectionPoster } from '../../realtime/connection-poster.js';
import type { Table } from '../../store/client.js';
import { forgetWebConnection, webConnectionsOf } from '../../store/socket-connections.js';
import { storeReplyOnce } from '../../store/web-transcript.js';
import { visitorIdOf } from './addresses.js';

/** What a visitor's open page receives over its WebSocket: one line of the chat. */
export interface WebReplyFrame {
  type: 'entry';
  entry: { id: string; author: 'assistant' | 'person'; text: string; at: string };
}

/**
 * The `web` channel's sender: a reply is stored in the visitor's transcript (where a poll or a
 * reload finds it) and posted down every WebSocket the visitor has open (`@connections`). The
 * store is keyed by the message it answers, so a retried send stores and posts nothing twice; a
 * message with no such id (an owner's `!reply`) gets a fresh one. Without an `@connections`
 * endpoint, polling alone delivers.
 */
export const createWebSender = (deps: {
  table: Table;
  connections?: ConnectionPoster;
  ttlDays: number;
}): ChannelSender => ({
  async send(message) {
    const visitorId = visitorIdOf(message.to);
    if (!visitorId || !message.tenantId) {
      // Nowhere to deliver (an alert addressed to a web contact): retrying cannot fix it.
      logger.warn('web reply with no visitor to deliver to; dropped', { tenantId: message.tenantId });
      return { providerMessageIds: [] };
    }
    const tenantId = message.tenantId;
    const replyId = message.inReplyTo
      ? sha256Hex(`${message.inReplyTo}|${message.text}`).slice(0, 24)
      : sha256Hex(`${Date.now()}|${Math.random()}|${message.text}`).slice(0, 24);
    // The assistant answers the visitor's own messages (`web-...`); anything else is a person.
    const author = message.inReplyTo?.startsWith('web-') ? 'assistant' : 'person';
    const entry = await storeReplyOnce(deps.table, {
      tenantId,
      visitorId,
      replyId,
      author,
      text: message.text,
      ttlDays: deps.ttlDays,
    });
    if (entry && deps.connections)
      await postToOpenPages(deps, { tenantId, visitorId }, { type: 'entry', entry: { ...entry, author } });
    return { providerMessageIds: [replyId] };
  },
});

/** Best effort: the reply is stored already, and a page that misses the frame polls it. */
const postToOpenPages = async (
  deps: { table: Table; connections?: ConnectionPoster },
  visitor: { tenantId: string; visitorId: string },
  frame: WebReplyFrame,
): Promise<void> => {
  const ids = await webConnectionsOf(deps.table, visitor.tenantId, visitor.visitorId);
  await Promise.all(
    ids.map(async (connectionId) => {
      try {
        const open = await deps.connections!.post(connectionId, frame);
        if (!open) await forgetWebConnection(deps.table, { ...visitor, connectionId });
      } catch (error) {
        logger.warn('could not post a web reply to an open page; it will poll it', {
          error,
          tenantId: visitor.tenantId,
        });
      }
    }),
  );
};
