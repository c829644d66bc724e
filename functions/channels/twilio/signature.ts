import webhooks from 'twilio/lib/webhooks/webhooks.js';

/** Form parameters as Twilio signs them: repeated names keep every value. */
export type TwilioParams = Record<string, string | string[]>;

/**
 * Decodes an `application/x-www-form-urlencoded` body (`+` is a space) keeping repeated names.
 */
export const parseTwilioForm = (body: Buffer | string): TwilioParams => {
  const params: TwilioParams = {};
  for (const [name, value] of new URLSearchParams(body.toString())) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
};

/**
 * The URL Twilio called and signed: the configured public origin (with any custom-domain path
 * prefix, which API Gateway leaves out of `rawPath`), the path, and the raw query string.
 */
export const twilioSignedUrl = (publicBaseUrl: string, rawPath: string, rawQueryString?: string): string =>
  `${publicBaseUrl}${rawPath}${rawQueryString ? `?${rawQueryString}` : ''}`;

export interface TwilioSignatureInput {
  authToken: string;
  signature: string | undefined;
  url: string;
  /** Form parameters, or the raw body for JSON requests signed with `bodySHA256`. */
  params?: TwilioParams;
  rawBody?: string;
}

/**
 * Verifies `X-Twilio-Signature` with twilio-node's own validator, which compares in constant time
 * and tries the URL with and without the port, as Twilio may add or drop it. JSON bodies are
 * checked through the `bodySHA256` query parameter.
 *
 * @example
 * verifyTwilioSignature({ authToken, signature: header, url, params: parseTwilioForm(body) })
 */
export const verifyTwilioSignature = (input: TwilioSignatureInput): boolean => {
  if (!input.signature) return false;
  if (new URL(input.url).searchParams.has('bodySHA256')) {
    return webhooks.validateRequestWithBody(input.authToken, input.signature, input.url, input.rawBody ?? '');
  }
  return webhooks.validateRequest(input.authToken, input.signature, input.url, input.params ?? {});
};

/** Signs a request as Twilio does; for the local chat tool, the demo and tests of the stack. */
export const signTwilioRequest = (authToken: string, url: string, params: TwilioParams): string =>
  webhooks.getExpectedTwilioSignature(authToken, url, params);
