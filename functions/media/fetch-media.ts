import type { InboundMessage, MediaRef } from '../contracts/messages.js';
import { MediaUnusableError } from './errors.js';
import { readLimited } from './read-limited.js';

export interface FetchedMedia {
  bytes: Uint8Array;
  contentType: string;
}

export interface MediaFetcher {
  fetch(message: InboundMessage, media: MediaRef, maxBytes: number): Promise<FetchedMedia>;
}

export interface MediaFetcherOptions {
  /** Graph API origin and version (a local server that speaks it in tests). */
  graph: { baseUrl: string; version: string };
  /** The token of the business address the message came to (its own, or the platform's). */
  metaToken: (channel: string, businessAddress: string) => Promise<string | undefined>;
  twilioCredentials: () => Promise<{ accountSid: string; authToken: string } | undefined>;
  /** A local server that speaks Twilio's API (tests); else only api.twilio.com is fetched from. */
  twilioApiBaseUrl?: string;
  timeoutMs?: number;
}

/**
 * Where Messenger and Instagram attachments live (Meta's CDNs). A URL anywhere else is not
 * fetched, so a forged reference can't turn the worker into a proxy.
 */
const META_CDN_SUFFIXES = ['.fbcdn.net', '.fbsbx.com', '.cdninstagram.com', '.facebook.com'];

/**
 * Fetches a customer's media with the channel's own credentials: a WhatsApp Cloud API media id
 * through `GET /<media-id>` and then its short-lived `url`, both with the number's token; a Twilio
 * `MediaUrl` with the account's basic auth (only on Twilio's API origin); a Messenger or
 * Instagram attachment from Meta's CDN as it is. Every download is size-limited and timed out.
 */
export const createMediaFetcher = (options: MediaFetcherOptions): MediaFetcher => {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const get = async (url: string, headers: Record<string, string>, what: string): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new MediaUnusableError(`${what} could not be downloaded`, 'unreachable', { cause: error });
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new MediaUnusableError(`${what} answered HTTP ${response.status}`, 'refused');
    }
    return response;
  };
  const twilioOrigins = new Set(['https://api.twilio.com', ...originOf(options.twilioApiBaseUrl)]);
  const graphOrigin = originOf(options.graph.baseUrl);

  return {
    async fetch(message, media, maxBytes) {
      if (message.provider === 'meta' && message.channel === 'whatsapp') {
        if (!/^\d{1,40}$/.test(media.ref))
          throw new MediaUnusableError('A WhatsApp media reference is not a media id', 'not-allowed');
        const token = await options.metaToken(message.channel, message.to);
        if (!token) throw new MediaUnusableError(`No Meta token for ${message.to}`, 'refused');
        const auth = { authorization: `Bearer ${token}` };
        const base = `${options.graph.baseUrl}/${options.graph.version}`;
        const described = await get(`${base}/${media.ref}`, auth, 'The media description');
        const info = (await described.json()) as { url?: string; mime_type?: string; file_size?: number };
        if (!info.url) throw new MediaUnusableError('The Graph API gave no media url', 'refused');
        if (typeof info.file_size === 'number' && info.file_size > maxBytes)
          throw new MediaUnusableError(`The media is ${info.file_size} bytes, over ${maxBytes}`, 'too-large');
        const file = await get(info.url, auth, 'The media file');
        return {
          bytes: await readLimited(file, maxBytes, 'The media file'),
          contentType: info.mime_type ?? media.contentType ?? file.headers.get('content-type') ?? '',
        };
      }
      const url = parseUrl(media.ref);
      if (message.provider === 'twilio') {
        if (!twilioOrigins.has(url.origin))
          throw new MediaUnusableError(`Not a Twilio media URL: ${url.origin}`, 'not-allowed');
        const credentials = await options.twilioCredentials();
        // Twilio's media may be public (the default) or behind basic auth: send it when we have it.
        const auth: Record<string, string> = credentials
          ? {
              authorization: `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`,
            }
          : {};
        // Twilio answers with a redirect to storage; fetch drops the credentials on that hop.
        const file = await get(url.href, auth, 'The Twilio media');
        return {
          bytes: await readLimited(file, maxBytes, 'The Twilio media'),
          contentType: media.contentType ?? file.headers.get('content-type') ?? '',
        };
      }
      const onMetaCdn =
        url.protocol === 'https:' && META_CDN_SUFFIXES.some((suffix) => `.${url.hostname}`.endsWith(suffix));
      if (!onMetaCdn && !graphOrigin.includes(url.origin))
        throw new MediaUnusableError(`Not a Meta attachment URL: ${url.origin}`, 'not-allowed');
      const file = await get(url.href, {}, 'The attachment');
      return {
        bytes: await readLimited(file, maxBytes, 'The attachment'),
        contentType: media.contentType ?? file.headers.get('content-type') ?? '',
      };
    },
  };
};

const originOf = (url: string | undefined): string[] => {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
};

const parseUrl = (ref: string): URL => {
  try {
    return new URL(ref);
  } catch (error) {
    throw new MediaUnusableError('A media reference is not a URL', 'not-allowed', { cause: error });
  }
};
