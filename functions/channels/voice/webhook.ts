import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod/mini';
import { phoneOf } from '../../contracts/messages.js';
import { BadRequestError, HttpError } from '../../platform/errors.js';
import type { HttpEvent, HttpResult } from '../../platform/http.js';
import { logger, metrics } from '../../platform/observability.js';
import { enqueueInbound } from '../../queue/answer-queue.js';
import { callTranscript, closeCallLog, putCallTurn, startCallLog } from '../../store/call-logs.js';
import { resolveTenantByAddress } from '../../store/channel-routes.js';
import { claim, complete, release } from '../../store/idempotency.js';
import { type BusinessProfile, getTenant } from '../../store/tenants.js';
import { getVoiceAnswer } from '../../store/voice-answers.js';
import { TwilioAddressSchema } from '../twilio/address.js';
import { type TwilioWebhookDeps, verifiedTwilioParams } from '../twilio/webhook.js';
import { callSentiment, wantsToHangUp } from './call-words.js';
import { relaySocketUrl } from './relay-connect.js';
import { speechLanguageOf, transferTarget } from './transfer.js';
import { voiceTurnId } from './turns.js';
import { connectRelay, dial, hangUp, holdOn, listen, type VoiceUrls, voiceUrls } from './twiml.js';
import { voiceLines } from './voice-lines.js';

export interface VoiceTiming {
  /** How long one follow-up request waits in place for the answer before redirecting again. */
  answerWaitMs: number;
  pollEveryMs: number;
  /** Follow-ups before giving up on one answer. */
  maxWaitAttempts: number;
}

/**
 * Each follow-up returns within about 4 s (Twilio allows 15 s), and the caller hears something
 * every few seconds; after about half a minute the call moves on rather than hang in silence.
 */
export const DEFAULT_VOICE_TIMING: VoiceTiming = { answerWaitMs: 3500, pollEveryMs: 250, maxWaitAttempts: 8 };

/** How this stage answers calls (`Config.voice`), and how long call logs are kept. */
export interface VoiceCallSettings {
  mode: 'relay' | 'gather';
  relayUrl: string | undefined;
  conversationTtlDays: number;
}

export interface VoiceWebhookDeps extends TwilioWebhookDeps {
  voice?: VoiceCallSettings;
}

const GATHER_ONLY: VoiceCallSettings = { mode: 'gather', relayUrl: undefined, conversationTtlDays: 90 };

/** A form field Twilio may repeat: the first value (zod classic's `z.preprocess`, spelled for zod/mini). */
const single = z.pipe(
  z.transform((v: unknown) => (Array.isArray(v) ? v[0] : v)),
  z.string(),
);
const CallSchema = z.object({
  CallSid: z.pipe(single, z.string().check(z.regex(/^CA[0-9a-f]{32}$/, 'CallSid is not a Twilio call SID'))),
  From: z.pipe(single, TwilioAddressSchema),
  To: z.pipe(single, TwilioAddressSchema),
  SpeechResult: z.optional(single),
  /** Status callbacks: the call's final status and its length in seconds. */
  CallStatus: z.optional(single),
  CallDuration: z.optional(single),
  /** The `<Connect action>` after ConversationRelay ended: what the session asked for. */
  HandoffData: z.optional(single),
});
type Call = z.infer<typeof CallSchema>;

export { wantsToHangUp };

/** A runaway call (a loop, a prank) ends politely instead of queueing answers forever. */
const MAX_TURNS = 40;

const stepNumber = (max: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(max)), 1);
const StepQuery = z.object({
  turn: stepNumber(MAX_TURNS),
  attempt: stepNumber(100),
  count: stepNumber(10),
});

const SILENCES_BEFORE_HANGING_UP = 2;
/**
 * `POST /webhooks/twilio/voice` and its follow-ups: `/gather`, `/wait`, `/silence` (the Gather
 * path), `/connected` (after ConversationRelay ends: a transfer's `<Dial>`) and `/status` (the
 * call status callback, which closes the call log). Every request is signature-checked like
 * messaging, and every answer is TwiML.
 */
export const handleTwilioVoice = async (
  event: HttpEvent,
  deps: VoiceWebhookDeps,
  timing: VoiceTiming = DEFAULT_VOICE_TIMING,
): Promise<HttpResult> => {
  const voice = deps.voice ?? GATHER_ONLY;
  const params = await verifiedTwilioParams(event, deps);
  const parsed = CallSchema.safeParse(params);
  if (!parsed.success) throw new BadRequestError('Malformed Twilio voice webhook');
  const query = StepQuery.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new BadRequestError('Malformed voice step');
  const call = parsed.data;
  const step = /\/webhooks\/twilio\/voice(?:\/(\w+))?\/?$/.exec(event.rawPath)?.[1] ?? 'incoming';
  logger.appendKeys({ callSid: call.CallSid, step });

  try {
    const tenantId = await resolveTenantByAddress(deps.table, 'twilio', phoneOf(call.To));
    const tenant = tenantId ? await getTenant(deps.table, tenantId) : undefined;
    if (!tenant) {
      logger.warn('call to a number routed to no business');
      return hangUp(voiceLines.notConnected());
    }
    logger.appendKeys({ tenantId: tenant.tenantId });
    const context = {
      call,
      tenant,
      urls: voiceUrls(deps.publicBaseUrl!),
      deps,
      timing,
      voice,
      ...query.data,
    };
    switch (step) {
      case 'incoming':
        metrics.addMetric('CallsAnswered', MetricUnit.Count, 1);
        // Awaited here, so that a failure is apologised for in words below.
        return await onIncoming(context);
      case 'connected':
        return await onRelayEnded(context);
      case 'status':
        return await onStatus(context);
      case 'gather':
        return await onSpeech(context);
      case 'wait':
        return await onWait(context);
      case 'silence':
        return await onSilence(context);
      default:
        throw new HttpError(404, 'Not found');
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // A 500 makes Twilio say "an application error has occurred"; apologise in words instead.
    logger.error('voice step failed', { error });
    return hangUp(voiceLines.technicalProblem());
  }
};

interface StepContext {
  voice: VoiceCallSettings;
  call: Call;
  tenant: BusinessProfile;
  urls: VoiceUrls;
  deps: TwilioWebhookDeps;
  timing: VoiceTiming;
  turn: number;
  attempt: number;
  count: number;
}

const callOf = (c: StepContext) => ({
  tenantId: c.tenant.tenantId,
  callSid: c.call.CallSid,
  ttlDays: c.voice.conversationTtlDays,
});

/**
 * A new call: logged, then either connected to ConversationRelay (the voice, language and
 * greeting of the business profile; the WebSocket URL names the call, and Twilio signs it) or
 * greeted with a speech `<Gather>`.
 */
const onIncoming = async (c: StepContext): Promise<HttpResult> => {
  const relay = c.voice.mode === 'relay' && c.voice.relayUrl;
  await startCallLog(c.deps.table, {
    ...callOf(c),
    from: c.call.From,
    to: c.call.To,
    mode: relay ? 'relay' : 'gather',
  });
  const profile = c.tenant;
  const greeting = profile?.greeting ?? voiceLines.greeting(c.tenant.name);
  await putCallTurn(
    c.deps.table,
    { ...callOf(c), role: 'assistant', text: greeting, at: new Date().toISOString() },
    { count: false },
  );
  if (!relay) return listen(c.urls, 1, [greeting]);
  return connectRelay({
    socketUrl: relaySocketUrl(relay, { callSid: c.call.CallSid, tenantId: c.tenant.tenantId }),
    actionUrl: c.urls.connected(),
    greeting,
    language: speechLanguageOf(profile?.language),
    voice: profile?.voice,
  });
};

/**
 * ConversationRelay ended. With a transfer's handoff data, the owner's phone is dialled with the
 * business's number as caller id (the target is worked out again here, from the confirmed owner
 * contacts and hours, rather than read from the session); otherwise the call ends.
 */
const onRelayEnded = async (c: StepContext): Promise<HttpResult> => {
  let reason: string | undefined;
  try {
    reason = JSON.parse(c.call.HandoffData ?? '{}').reason;
  } catch {
    reason = undefined;
  }
  if (reason === 'transfer') {
    const target = transferTarget(c.tenant);
    if (target) return dial(target, phoneOf(c.call.To));
  }
  return hangUp(voiceLines.goodbye(c.tenant.name));
};

const FINAL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** The call status callback: a finished call's log gets its length, outcome and sentiment. */
const onStatus = async (c: StepContext): Promise<HttpResult> => {
  const status = c.call.CallStatus ?? '';
  if (FINAL_STATUSES.has(status)) {
    const transcript = await callTranscript(c.deps.table, c.tenant.tenantId, c.call.CallSid);
    const duration = Number(c.call.CallDuration);
    await closeCallLog(c.deps.table, {
      tenantId: c.tenant.tenantId,
      callSid: c.call.CallSid,
      status,
      durationSeconds: Number.isFinite(duration) && c.call.CallDuration ? duration : undefined,
      sentiment: callSentiment(transcript.filter((t) => t.role === 'caller').map((t) => t.text)),
    });
  }
  return { statusCode: 204, body: '' };
};

const onSpeech = async (c: StepContext): Promise<HttpResult> => {
  const speech = c.call.SpeechResult?.trim() ?? '';
  if (!speech) return onSilence(c);
  if (wantsToHangUp(speech)) return hangUp(voiceLines.goodbye(c.tenant.name));
  if (c.turn >= MAX_TURNS) return hangUp(voiceLines.tooLong(c.tenant.name));

  const providerMessageId = voiceTurnId(c.call.CallSid, c.turn);
  const claimed = await claim(c.deps.table, {
    scope: 'voice-in',
    key: providerMessageId,
    leaseMs: 30_000,
    ttlDays: 1,
  });
  if (claimed.status === 'claimed') {
    try {
      await enqueueInbound(c.deps.answerQueue, {
        provider: 'twilio',
        channel: 'voice',
        providerMessageId,
        from: c.call.From,
        to: c.call.To,
        text: speech,
        tenantId: c.tenant.tenantId,
        receivedAt: new Date().toISOString(),
      });
      await complete(c.deps.table, 'voice-in', providerMessageId);
      await putCallTurn(c.deps.table, {
        ...callOf(c),
        role: 'caller',
        text: speech,
        at: new Date().toISOString(),
      });
    } catch (error) {
      await release(c.deps.table, 'voice-in', providerMessageId).catch(() => undefined);
      throw error;
    }
  }
  metrics.addMetric('CallQuestions', MetricUnit.Count, 1);
  return holdOn(c.urls, c.turn, 1, voiceLines.oneMoment());
};

const onWait = async (c: StepContext): Promise<HttpResult> => {
  const turn = { tenantId: c.tenant.tenantId, callSid: c.call.CallSid, turn: c.turn };
  const deadline = Date.now() + c.timing.answerWaitMs;
  for (;;) {
    const answer = await getVoiceAnswer(c.deps.table, turn);
    if (answer) {
      await putCallTurn(c.deps.table, {
        ...callOf(c),
        role: 'assistant',
        text: answer,
        at: new Date().toISOString(),
        id: `gather-${c.turn}`,
      });
      return listen(c.urls, c.turn + 1, [answer, voiceLines.anythingElse()]);
    }
    if (Date.now() + c.timing.pollEveryMs > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, c.timing.pollEveryMs));
  }
  if (c.attempt >= c.timing.maxWaitAttempts) {
    metrics.addMetric('CallAnswerTimedOut', MetricUnit.Count, 1);
    logger.warn('no answer in time for a call turn', { turn: c.turn });
    // A new turn, so a late answer to this one is never spoken out of context.
    return listen(c.urls, c.turn + 1, [voiceLines.tookTooLong()]);
  }
  const next = c.attempt + 1;
  return holdOn(c.urls, c.turn, next, next % 3 === 0 ? voiceLines.stillChecking() : undefined);
};

const onSilence = async (c: StepContext): Promise<HttpResult> => {
  if (c.count >= SILENCES_BEFORE_HANGING_UP) return hangUp(voiceLines.silentGoodbye(c.tenant.name));
  return listen(c.urls, c.turn, [voiceLines.stillThere()], c.count + 1);
};
