import * as z from 'zod/mini';

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/** What customers' voice notes and photos may be; merged into the one schema `config.ts` parses. */
export const MEDIA_ENV = {
  /** The OpenAI audio transcription model (`/v1/audio/transcriptions`). */
  OPENAI_TRANSCRIBE_MODEL: z._default(z.string(), 'gpt-4o-mini-transcribe'),
  /** WhatsApp's own cap on audio is 16 MB; OpenAI's upload cap is 25 MB. */
  MEDIA_MAX_AUDIO_BYTES: positiveInt(16 * 1024 * 1024),
  /** Longer voice notes are not transcribed: the customer is asked to type or send a shorter one. */
  MEDIA_MAX_AUDIO_SECONDS: positiveInt(300),
  /** Photos larger than this are answered from their caption alone. */
  MEDIA_MAX_IMAGE_BYTES: positiveInt(5 * 1024 * 1024),
};

export interface MediaConfig {
  transcribeModel: string;
  maxAudioBytes: number;
  maxAudioSeconds: number;
  maxImageBytes: number;
}

export const toMediaConfig = (parsed: {
  OPENAI_TRANSCRIBE_MODEL: string;
  MEDIA_MAX_AUDIO_BYTES: number;
  MEDIA_MAX_AUDIO_SECONDS: number;
  MEDIA_MAX_IMAGE_BYTES: number;
}): MediaConfig => ({
  transcribeModel: parsed.OPENAI_TRANSCRIBE_MODEL,
  maxAudioBytes: parsed.MEDIA_MAX_AUDIO_BYTES,
  maxAudioSeconds: parsed.MEDIA_MAX_AUDIO_SECONDS,
  maxImageBytes: parsed.MEDIA_MAX_IMAGE_BYTES,
});
