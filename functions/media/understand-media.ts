import type { InboundMessage, MediaRef } from '../contracts/messages.js';
import type { MediaConfig } from '../platform/media-config.js';
import { logger } from '../platform/observability.js';
import { oggDurationSeconds } from './audio-duration.js';
import { MediaUnusableError, TranscriptionUnavailableError } from './errors.js';
import type { MediaFetcher } from './fetch-media.js';
import type { Transcriber } from './transcriber.js';

export interface MediaDeps {
  fetcher: MediaFetcher;
  /** Absent without an OpenAI key: voice notes then get the polite text-only reply. */
  transcriber?: Transcriber;
  /** A model in the answer chain sees images. */
  seesImages: boolean;
  limits: MediaConfig;
}

/** At most this many photos of one message go to the model. */
const MAX_IMAGES = 3;

/** The question a photo without words stands for. */
export const PHOTO_WITHOUT_CAPTION =
  'The customer sent this photo without any words. Say what you can about it from the business information, or ask what they would like to know.';

export type UnderstoodMessage =
  | {
      kind: 'question';
      question: string;
      /** Photos as data URLs, for a model that sees images. */
      images: string[];
      /** What a voice note said, kept in the conversation as the customer's words. */
      transcript?: string;
    }
  | { kind: 'cannot-use'; saying: 'textOnly' | 'voiceTooLong' | 'voiceNotUnderstood' };

/**
 * What a message with media asks: a voice note's transcript (with any caption), a photo with its
 * caption for a model that sees images, or the caption alone. When nothing is left to answer, the
 * saying to reply with. Runs in the answer worker, never in the webhook.
 */
export const understandMedia = async (
  message: InboundMessage,
  deps: MediaDeps | undefined,
): Promise<UnderstoodMessage> => {
  const caption = message.text.trim();
  const media = message.media ?? [];
  const captionOr = (saying: 'textOnly' | 'voiceTooLong' | 'voiceNotUnderstood'): UnderstoodMessage =>
    caption ? { kind: 'question', question: caption, images: [] } : { kind: 'cannot-use', saying };

  const audio = media.find((m) => m.kind === 'audio');
  if (audio) {
    if (!deps?.transcriber) return captionOr('textOnly');
    const heard = await transcribe(message, audio, deps, deps.transcriber);
    if (heard.kind !== 'transcript') return captionOr(heard.saying);
    const question = [caption, heard.text].filter(Boolean).join('\n');
    return { kind: 'question', question, images: [], transcript: heard.text };
  }

  const photos = media.filter((m) => m.kind === 'image').slice(0, MAX_IMAGES);
  if (photos.length && deps?.seesImages) {
    const images = (await Promise.all(photos.map((photo) => dataUrlOf(message, photo, deps)))).filter(
      (url): url is string => Boolean(url),
    );
    if (images.length) return { kind: 'question', question: caption || PHOTO_WITHOUT_CAPTION, images };
  }
  return captionOr('textOnly');
};

type Heard =
  | { kind: 'transcript'; text: string }
  | { kind: 'failed'; saying: 'textOnly' | 'voiceTooLong' | 'voiceNotUnderstood' };

const transcribe = async (
  message: InboundMessage,
  audio: MediaRef,
  deps: MediaDeps,
  transcriber: Transcriber,
): Promise<Heard> => {
  try {
    const file = await deps.fetcher.fetch(message, audio, deps.limits.maxAudioBytes);
    const seconds = oggDurationSeconds(file.bytes);
    if (seconds !== undefined && seconds > deps.limits.maxAudioSeconds) {
      logger.info('voice note too long to transcribe', { seconds, limit: deps.limits.maxAudioSeconds });
      return { kind: 'failed', saying: 'voiceTooLong' };
    }
    const { text } = await transcriber.transcribe({
      bytes: file.bytes,
      contentType: file.contentType || audio.contentType || 'audio/ogg',
    });
    return text ? { kind: 'transcript', text } : { kind: 'failed', saying: 'voiceNotUnderstood' };
  } catch (error) {
    if (error instanceof TranscriptionUnavailableError) return { kind: 'failed', saying: 'textOnly' };
    if (error instanceof MediaUnusableError && error.reason === 'too-large')
      return { kind: 'failed', saying: 'voiceTooLong' };
    logger.warn('voice note not transcribed', { error });
    return { kind: 'failed', saying: 'voiceNotUnderstood' };
  }
};

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

const dataUrlOf = async (
  message: InboundMessage,
  photo: MediaRef,
  deps: MediaDeps,
): Promise<string | undefined> => {
  try {
    const file = await deps.fetcher.fetch(message, photo, deps.limits.maxImageBytes);
    const type = (file.contentType || photo.contentType || '').split(';')[0]!.trim().toLowerCase();
    // Models read these formats; a HEIC or TIFF photo is answered from its caption.
    if (!IMAGE_TYPES.has(type)) return undefined;
    return `data:${type};base64,${Buffer.from(file.bytes).toString('base64')}`;
  } catch (error) {
    logger.warn('photo not fetched; answering from the caption', { error });
    return undefined;
  }
};
