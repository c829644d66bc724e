import * as z from 'zod/mini';

/**
 * An address as Twilio writes `From` / `To`: E.164 (`+14155550100`), a short code (`12345`),
 * an alphanumeric sender or withheld caller id (`Anonymous`), or a channel form with its scheme
 * (`whatsapp:+14155550100`, `client:alice`, `sip:alice@example.sip.twilio.com;transport=tls`).
 * What it refuses is what no Twilio form holds: nothing, whitespace or control characters,
 * `#` (the table's key separator), or a scheme with nothing after it.
 */
export const TWILIO_ADDRESS = /^(?:[a-z][a-z0-9-]{1,15}:)?[A-Za-z0-9+][\w+@.:;=~-]{0,127}(?<!:)$/;

export const TwilioAddressSchema = z
  .string()
  .check(
    z.regex(TWILIO_ADDRESS, 'is not a Twilio address (E.164, short code, or whatsapp:/client:/sip: form)'),
  );
