import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { BadRequestError, HttpError } from '../../platform/errors.js';
import type { HttpEvent, HttpResult } from '../../platform/http.js';
import { logger, metrics } from '../../platform/observability.js';
import { enqueueInbound } from '../../queue/answer-queue.js';
import { claim, complete, release } from '../../store/idempotency.js';
import { getTenant, resolveTenantByAddress, type TenantProfile } from '../../store/tenants.js';
import { getVoiceAnswer } from '../../store/voice-answers.js';
import { phoneOf } from '../message.js';
import { TwilioAddressSchema } from '../twilio/address.js';
import { type TwilioWebhookDeps, verifiedTwilioParams } from '../twilio/webhook.js';
import { voiceTurnId } from './turns.js';
import { hangUp, holdOn, listen, type VoiceUrls, voiceUrls } from './twiml.js';
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

const single = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string());
const CallSchema = z.object({
  CallSid: single.pipe(z.string().regex(/^CA[0-9a-f]{32}$/, 'CallSid is not a Twilio call SID')),
  From: single.pipe(TwilioAddressSchema),
  To: single.pipe(TwilioAddressSchema),
  SpeechResult: single.optional(),
});
type Call = z.infer<typeof CallSchema>;

/** A runaway call (a loop, a prank) ends politely instead of queueing answers forever. */
const MAX_TURNS = 40;

const StepQuery = z.object({
  turn: z.coerce.number().int().min(1).max(MAX_TURNS).default(1),
  attempt: z.coerce.number().int().min(1).max(100).default(1),
  count: z.coerce.number().int().min(1).max(10).default(1),
});

const SILENCES_BEFORE_HANGING_UP = 2;
const GOODBYE =
  /\b(good\s?-?bye|bye(\s?-?bye)?|hang up|that'?s all|that is all|nothing else|no,? thanks?( you)?)\b/i;

/**
 * A caller who says goodbye, or only thanks/no plus a goodbye, wants to end the call; a longer
 * sentence that merely contains "bye" ("can I buy...", "stop by") is a question.
 */
export const wantsToHangUp = (speech: string): boolean =>
  GOODBYE.test(speech) && speech.trim().split(/\s+/).length <= 6;

/**
 * `POST /webhooks/twilio/voice` and its follow-ups `/gather`, `/wait`, `/silence`: every request
 * is signature-checked like messaging, and every answer is TwiML.
 */
export const handleTwilioVoice = async (
  event: HttpEvent,
  deps: TwilioWebhookDeps,
  timing: VoiceTiming = DEFAULT_VOICE_TIMING,
): Promise<HttpResult> => {
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
    const context = { call, tenant, urls: voiceUrls(deps.publicBaseUrl!), deps, timing, ...query.data };
    switch (step) {
      case 'incoming':
        metrics.addMetric('CallsAnswered', MetricUnit.Count, 1);
        return listen(context.urls, 1, [voiceLines.greeting(tenant.name)]);
      case 'gather':
        return onSpeech(context);
      case 'wait':
        return onWait(context);
      case 'silence':
        return onSilence(context);
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
  call: Call;
  tenant: TenantProfile;
  urls: VoiceUrls;
  deps: TwilioWebhookDeps;
  timing: VoiceTiming;
  turn: number;
  attempt: number;
  count: number;
}

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
    if (answer) return listen(c.urls, c.turn + 1, [answer, voiceLines.anythingElse()]);
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
