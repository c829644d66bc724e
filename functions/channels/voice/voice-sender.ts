import type { ChannelSender } from '../../contracts/messages.js';
import { logger } from '../../platform/observability.js';
import type { Table } from '../../store/client.js';
import { appendVoiceAnswer } from '../../store/voice-answers.js';
import { toSpeech } from './speakable.js';
import { parseVoiceTurnId } from './turns.js';

/**
 * Twilio's sender, with phone calls handled: a reply on the `voice` channel cannot be sent
 * anywhere, so it is made speakable and stored on the call's turn, where the call's follow-up
 * webhook picks it up and says it. Other channels go to `inner` (the REST API or the outbox).
 */
export const withVoiceAnswers = (inner: ChannelSender, table: Table): ChannelSender => ({
  async send(message) {
    if (message.channel !== 'voice') return inner.send(message);
    const turn = parseVoiceTurnId(message.inReplyTo);
    if (!turn || !message.tenantId) {
      // No call to speak on (e.g. an alert addressed to a voice contact): retrying cannot fix it.
      logger.warn('voice reply with no call turn to answer; dropped', { tenantId: message.tenantId });
      return { providerMessageIds: [] };
    }
    await appendVoiceAnswer(table, { ...turn, tenantId: message.tenantId }, toSpeech(message.text));
    return { providerMessageIds: [message.inReplyTo!] };
  },
});
