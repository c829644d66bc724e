import type OpenAI from 'openai';
import { openAiClient } from '../platform/openai-client.js';
import { TranscriptionUnavailableError } from './errors.js';

export interface Transcript {
  text: string;
}

/** Turns a voice note into the words it says, in the language it is spoken in. */
export interface Transcriber {
  transcribe(audio: { bytes: Uint8Array; contentType: string }): Promise<Transcript>;
}

/** A file name whose extension the transcription API recognises the format by. */
const EXTENSIONS: Record<string, string> = {
  'audio/ogg': 'ogg',
  'audio/opus': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'm4a',
  'audio/m4a': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'm4a',
  'audio/amr': 'amr',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/webm': 'webm',
};

export const fileNameFor = (contentType: string): string =>
  `voice-note.${EXTENSIONS[contentType.split(';')[0]!.trim().toLowerCase()] ?? 'ogg'}`;

/**
 * OpenAI's audio transcription (`POST /v1/audio/transcriptions`) through the `openai` client, built
 * once per process. No language is forced: the model hears it, and the answer follows it.
 */
export const createOpenAiTranscriber = (options: {
  apiKey: () => Promise<string | undefined>;
  baseUrl?: string;
  model: string;
  timeoutMs?: number;
}): Transcriber => {
  // Built on the first voice note, so a cold start never parses the client (vendor layer).
  let client: OpenAI | undefined;
  const clientOf = (): OpenAI => {
    client ??= new (openAiClient().OpenAI)({
      apiKey: async () => (await options.apiKey()) ?? 'no-key',
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: 1,
    });
    return client;
  };
  return {
    async transcribe(audio) {
      // A self-hosted server (baseUrl) may want no key; OpenAI's own API always does.
      if (!options.baseUrl && !(await options.apiKey()))
        throw new TranscriptionUnavailableError(
          'OPENAI_API_KEY is not set: voice notes cannot be transcribed',
        );
      const file = await openAiClient().toFile(audio.bytes, fileNameFor(audio.contentType), {
        type: audio.contentType.split(';')[0],
      });
      const result = await clientOf().audio.transcriptions.create({ file, model: options.model });
      return { text: result.text.trim() };
    },
  };
};
