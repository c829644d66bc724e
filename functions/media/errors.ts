import { FrontdeskError } from '../platform/errors.js';

/**
 * A customer's media could not be used: too big, too long, unreachable, refused. `reason` is what
 * the reply to the customer is chosen by; the message says what happened, for the logs.
 */
export class MediaUnusableError extends FrontdeskError {
  constructor(
    message: string,
    readonly reason: 'too-large' | 'too-long' | 'unreachable' | 'refused' | 'not-allowed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No OpenAI key is set: voice notes get the polite text-only reply, as before transcription. */
export class TranscriptionUnavailableError extends FrontdeskError {}
