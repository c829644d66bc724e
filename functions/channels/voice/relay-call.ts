import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { phoneOf } from '../../contracts/messages.js';
import { answerCustomer } from '../../conversation/answer-customer.js';
import type { ConversationDeps, Reply } from '../../conversation/conversation-deps.js';
import { toOwners } from '../../conversation/handoff.js';
import { asksForPerson } from '../../insights/classify.js';
import { newId } from '../../platform/ids.js';
import { logger, metrics } from '../../platform/observability.js';
import type { MessageQueue } from '../../queue/answer-queue.js';
import { enqueueInbound } from '../../queue/answer-queue.js';
import type { ConnectionPoster } from '../../realtime/connection-poster.js';
import { callTranscript, putCallTurn, setCallOutcome } from '../../store/call-logs.js';
import { logTurn } from '../../store/conversations.js';
import {
  getVoiceConnection,
  nextTurn,
  updateConnection,
  type VoiceConnection,
} from '../../store/socket-connections.js';
import { getTenant } from '../../store/tenants.js';
import { wantsToHangUp } from './call-words.js';
import { endFrame, parseRelayFrame, textFrame } from './relay-frames.js';
import { toSpeech } from './speakable.js';
import { SpokenSentences } from './spoken-sentences.js';
import { transferTarget } from './transfer.js';
import { voiceTurnId } from './turns.js';
import { voiceLines } from './voice-lines.js';

export interface RelayDeps extends ConversationDeps {
  answerQueue: MessageQueue;
  /** `POST @connections` of the stage the frame came in on. */
  connections: ConnectionPoster;
}

/** A turn's words as sent to Twilio, in order, stopping as soon as the turn is superseded. */
class SpokenTurn {
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  readonly abort = new AbortController();
  spoken = '';
  sentAny = false;

  constructor(
    private readonly deps: RelayDeps,
    private readonly connection: VoiceConnection,
    private readonly turn: number,
  ) {}

  say(sentence: string): void {
    this.chain = this.chain.then(async () => {
      if (this.stopped) return;
      // Another Lambda invocation handles the caller's interruption: it leaves its mark on the
      // connection, which this one reads before each sentence.
      const current = await getVoiceConnection(this.deps.table, this.connection.connectionId);
      if (
        !current ||
        current.turn !== this.turn ||
        current.interrupted?.turn === this.turn ||
        current.ended
      ) {
        this.stop();
        return;
      }
      const token = `${this.sentAny ? ' ' : ''}${sentence}`;
      if (!(await this.deps.connections.post(this.connection.connectionId, textFrame(token)))) {
        this.stop();
        return;
      }
      this.spoken += token;
      this.sentAny = true;
    });
  }

  /** Waits for every sentence queued so far, then tells Twilio the turn is complete. */
  async finish(): Promise<void> {
    await this.chain;
    if (!this.stopped) await this.deps.connections.post(this.connection.connectionId, textFrame('', true));
  }

  private stop(): void {
    this.stopped = true;
    this.abort.abort();
  }
}

/**
 * One frame of a call on ConversationRelay, from a connection bound at `$connect` to its call
 * and business. Runs in its own Lambda invocation: a frame that arrives while an answer streams
 * (an interruption) is handled beside it.
 */
export const handleRelayFrame = async (
  connection: VoiceConnection,
  body: string | undefined,
  deps: RelayDeps,
): Promise<void> => {
  const frame = parseRelayFrame(body);
  logger.appendKeys({ tenantId: connection.tenantId, callSid: connection.callSid });
  if (!frame) {
    logger.warn('frame that is not ConversationRelay JSON; dropped');
    return;
  }
  if (connection.ended) return;
  switch (frame.type) {
    case 'setup':
      if (frame.callSid !== connection.callSid) {
        logger.warn('setup names another call than the one connected; dropped', { claimed: frame.callSid });
      }
      return;
    case 'prompt':
      if (!frame.last || !frame.voicePrompt.trim()) return;
      return onPrompt(connection, frame.voicePrompt.trim(), deps);
    case 'interrupt':
      return onInterrupt(connection, frame.utteranceUntilInterrupt, deps);
    case 'dtmf':
      if (frame.digit === '0') return askForPerson(connection, 'pressed 0', deps);
      return;
    case 'error':
      logger.warn('ConversationRelay reported an error', { description: frame.description });
      return;
  }
};

const callerTurn = (
  connection: VoiceConnection,
  text: string,
  deps: RelayDeps,
  at = new Date().toISOString(),
) =>
  putCallTurn(deps.table, {
    tenantId: connection.tenantId,
    callSid: connection.callSid,
    ttlDays: deps.conversationTtlDays,
    role: 'caller',
    text,
    at,
  });

/** Says one fixed line as a whole turn and records it in the transcript. */
const sayLine = async (connection: VoiceConnection, text: string, deps: RelayDeps): Promise<void> => {
  await deps.connections.post(connection.connectionId, textFrame(text, true));
  await putCallTurn(deps.table, {
    tenantId: connection.tenantId,
    callSid: connection.callSid,
    ttlDays: deps.conversationTtlDays,
    role: 'assistant',
    text,
    at: new Date().toISOString(),
  });
};

const onPrompt = async (connection: VoiceConnection, text: string, deps: RelayDeps): Promise<void> => {
  metrics.addMetric('CallQuestions', MetricUnit.Count, 1);
  if (connection.takingMessage) return takeMessage(connection, text, deps);
  if (asksForPerson(text)) return askForPerson(connection, text, deps);
  const tenant = await getTenant(deps.table, connection.tenantId);
  if (!tenant) return;
  if (wantsToHangUp(text)) {
    await callerTurn(connection, text, deps);
    return sayLine(connection, voiceLines.goodbye(tenant.name), deps);
  }

  const turn = await nextTurn(deps.table, connection.connectionId);
  const receivedAt = new Date().toISOString();
  const spoken = new SpokenTurn(deps, connection, turn);
  const sentences = new SpokenSentences();
  // The conversation turn and the transcript turn of this answer share a name, known before the
  // answer exists, so an interruption can cut both to what the caller heard.
  const assistantTurn = { at: new Date(Date.parse(receivedAt) + 1).toISOString(), id: newId() };
  // Bookkeeping runs beside the answer rather than before it: the caller waits for neither.
  const bookkeeping = Promise.all([
    // At the prompt's arrival, so it sorts before the answer however late this write lands.
    callerTurn(connection, text, deps, receivedAt),
    updateConnection(deps.table, connection.connectionId, {
      answering: { turn, ...assistantTurn, text: '' },
    }),
  ]);

  const replies = await answerCustomer(
    tenant,
    {
      provider: 'twilio',
      channel: 'voice',
      providerMessageId: voiceTurnId(connection.callSid, turn),
      from: connection.from,
      to: connection.to,
      text,
      tenantId: tenant.tenantId,
      receivedAt,
    },
    text,
    deps,
    {
      stream: {
        onText: (delta) => {
          for (const sentence of sentences.push(delta)) spoken.say(sentence);
        },
        signal: spoken.abort.signal,
      },
      assistantTurn,
    },
  );
  for (const sentence of sentences.end()) spoken.say(sentence);
  const toCaller = replies.filter((r) => !r.recipient);
  // Nothing streamed (the extractive answerer, a limit, a handoff note): say the reply whole.
  if (!spoken.sentAny) for (const reply of toCaller) spoken.say(toSpeech(reply.text));
  await spoken.finish();
  await bookkeeping;
  await alertOwners(connection, replies, deps);

  const answered = { turn, ...assistantTurn, text: spoken.spoken };
  await putCallTurn(deps.table, {
    tenantId: connection.tenantId,
    callSid: connection.callSid,
    ttlDays: deps.conversationTtlDays,
    role: 'assistant',
    text: spoken.spoken,
    ...assistantTurn,
  });
  await updateConnection(deps.table, connection.connectionId, { answering: answered }).catch(() => undefined);
  // The interruption and this answer are handled in two invocations: each writes its part, then
  // reads the other's, so whichever comes second cuts the answer to what was heard.
  const after = await getVoiceConnection(deps.table, connection.connectionId);
  if (after?.interrupted?.turn === turn)
    await cutToWhatWasHeard(connection, answered, after.interrupted.heard, deps);
};

/**
 * The caller talked over the answer: the answer still streaming stops (it reads the mark left
 * here), and the conversation keeps only what the caller heard, so the next answer builds on that.
 */
const onInterrupt = async (connection: VoiceConnection, heard: string, deps: RelayDeps): Promise<void> => {
  metrics.addMetric('CallInterruptions', MetricUnit.Count, 1);
  const current = (await getVoiceConnection(deps.table, connection.connectionId)) ?? connection;
  await updateConnection(deps.table, connection.connectionId, { interrupted: { turn: current.turn, heard } });
  const after = await getVoiceConnection(deps.table, connection.connectionId);
  const answering = after?.answering;
  if (answering?.turn === current.turn && answering.text)
    await cutToWhatWasHeard(connection, answering, heard, deps);
};

/** The transcript and the conversation keep only what the caller heard of an answer. */
const cutToWhatWasHeard = async (
  connection: VoiceConnection,
  turn: { at: string; id: string },
  heard: string,
  deps: RelayDeps,
): Promise<void> => {
  await putCallTurn(
    deps.table,
    {
      tenantId: connection.tenantId,
      callSid: connection.callSid,
      ttlDays: deps.conversationTtlDays,
      role: 'assistant',
      text: heard,
      interrupted: true,
      at: turn.at,
      id: turn.id,
    },
    { count: false },
  );
  await logTurn(deps.table, {
    tenantId: connection.tenantId,
    customer: connection.from,
    channel: 'voice',
    ttlDays: deps.conversationTtlDays,
    role: 'assistant',
    text: heard,
    at: turn.at,
    id: turn.id,
  });
};

/**
 * "Can I speak to a person?" or the 0 key: put through to the owner's phone when the business is
 * open and has one (the session ends with handoff data; the `<Connect action>` webhook dials),
 * else the caller leaves a message for the owner.
 */
const askForPerson = async (connection: VoiceConnection, said: string, deps: RelayDeps): Promise<void> => {
  await callerTurn(connection, said, deps);
  const tenant = await getTenant(deps.table, connection.tenantId);
  if (!tenant) return;
  const target = transferTarget(tenant);
  if (target) {
    metrics.addMetric('CallTransfers', MetricUnit.Count, 1);
    await sayLine(connection, voiceLines.puttingThrough(tenant.name), deps);
    await setCallOutcome(deps.table, tenant.tenantId, connection.callSid, 'transferred');
    await updateConnection(deps.table, connection.connectionId, { ended: true });
    await deps.connections.post(connection.connectionId, endFrame({ reason: 'transfer' }));
    return;
  }
  await updateConnection(deps.table, connection.connectionId, { takingMessage: true });
  await sayLine(connection, voiceLines.leaveMessage(tenant.name), deps);
};

/** The caller's message goes to the business's confirmed owner contacts with the call so far. */
const takeMessage = async (connection: VoiceConnection, message: string, deps: RelayDeps): Promise<void> => {
  await callerTurn(connection, message, deps);
  await updateConnection(deps.table, connection.connectionId, { takingMessage: undefined });
  const tenant = await getTenant(deps.table, connection.tenantId);
  if (!tenant) return;
  const transcript = (await callTranscript(deps.table, tenant.tenantId, connection.callSid))
    .map((t) => `${t.role === 'caller' ? 'Caller' : 'Assistant'}: ${t.text}`)
    .join(' / ');
  const alert = voiceLines.ownerVoicemail(tenant.name, phoneOf(connection.from), message, transcript);
  await alertOwners(connection, toOwners(tenant, alert.slice(0, 1500)), deps);
  await setCallOutcome(deps.table, tenant.tenantId, connection.callSid, 'message');
  metrics.addMetric('CallMessages', MetricUnit.Count, 1);
  await sayLine(connection, voiceLines.messageTaken(), deps);
};

/**
 * Messages for others (owner alerts) go through the answer queue as platform notices: the
 * answer worker holds the channel credentials and sends each exactly once.
 */
const alertOwners = async (connection: VoiceConnection, replies: Reply[], deps: RelayDeps): Promise<void> => {
  let n = 0;
  for (const reply of replies) {
    if (!reply.recipient) continue;
    await enqueueInbound(deps.answerQueue, {
      provider: reply.recipient.provider,
      channel: reply.recipient.channel,
      providerMessageId: `call-alert-${connection.callSid}-${Date.now()}-${n++}`,
      from: reply.recipient.to,
      to: reply.recipient.from,
      text: reply.text,
      tenantId: connection.tenantId,
      receivedAt: new Date().toISOString(),
      platformNotice: true,
    });
  }
};
