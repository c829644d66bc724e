import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioSender, TwilioApiError } from '../../functions/channels/twilio/sender.js';

interface Received {
  path: string;
  authorization: string | undefined;
  form: URLSearchParams;
}

/** A local server speaking the part of Twilio's REST API the sender uses: create a Message. */
let server: Server;
let baseUrl: string;
const received: Received[] = [];
let throttleNext = 0;
let rejectNext = false;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => resolve(body));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    const match = /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    received.push({ path: req.url!, authorization: req.headers.authorization, form });
    if (rejectNext) {
      rejectNext = false;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 21211,
          message: "The 'To' number +2 is not a valid phone number.",
          status: 400,
        }),
      );
      return;
    }
    if (throttleNext > 0) {
      throttleNext--;
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20429, message: 'Too Many Requests', status: 429 }));
      return;
    }
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        sid: `SM${String(received.length).padStart(32, '0')}`,
        account_sid: match[1],
        to: form.get('To'),
        from: form.get('From'),
        body: form.get('Body'),
        status: 'queued',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const accountSid = `AC${'1'.repeat(32)}`;
const sender = () =>
  createTwilioSender({
    credentials: async () => ({ accountSid, authToken: 'secret-token' }),
    apiBaseUrl: baseUrl,
    statusCallbackUrl: (m) => `https://api.example.com/webhooks/twilio/status?tenant=${m.tenantId}`,
  });

describe('the Twilio sender (real twilio client against a local Twilio API)', () => {
  it('creates a message with basic auth, the addresses, the body and the status callback', async () => {
    received.length = 0;
    const result = await sender().send({
      provider: 'twilio',
      channel: 'whatsapp',
      from: 'whatsapp:+14155238886',
      to: 'whatsapp:+15550001111',
      text: 'We open at 11am.',
      tenantId: 't1',
    });

    expect(result.providerMessageIds).toEqual([`SM${'1'.padStart(32, '0')}`]);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(request!.authorization).toBe(
      `Basic ${Buffer.from(`${accountSid}:secret-token`).toString('base64')}`,
    );
    expect(Object.fromEntries(request!.form)).toEqual({
      From: 'whatsapp:+14155238886',
      To: 'whatsapp:+15550001111',
      Body: 'We open at 11am.',
      StatusCallback: 'https://api.example.com/webhooks/twilio/status?tenant=t1',
    });
  });

  it('sends an approved Content API template with ContentSid and numbered ContentVariables, no Body', async () => {
    received.length = 0;
    await sender().send({
      provider: 'twilio',
      channel: 'whatsapp',
      from: 'whatsapp:+14155238886',
      to: 'whatsapp:+15550001111',
      text: 'Your table is ready.',
      tenantId: 't1',
      template: {
        name: 'owner_reply',
        language: 'en',
        contentSid: `HX${'b2'.repeat(16)}`,
        parameters: ['Bella Pizza', 'Your table is ready.'],
      },
    });

    expect(received).toHaveLength(1);
    const form = Object.fromEntries(received[0]!.form);
    expect(form).toMatchObject({ ContentSid: `HX${'b2'.repeat(16)}`, To: 'whatsapp:+15550001111' });
    expect(JSON.parse(form.ContentVariables!)).toEqual({ 1: 'Bella Pizza', 2: 'Your table is ready.' });
    expect(form.Body).toBeUndefined();
  });

  it('sends a reply over 1,600 characters as several messages, in order', async () => {
    received.length = 0;
    const text = Array.from(
      { length: 50 },
      (_, i) => `Sentence number ${i} tells the customer something.`,
    ).join(' ');
    const result = await sender().send({ provider: 'twilio', channel: 'sms', from: '+1', to: '+2', text });

    expect(result.providerMessageIds.length).toBeGreaterThan(1);
    const bodies = received.map((r) => r.form.get('Body')!);
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(1600);
    expect(bodies.join(' ')).toBe(text);
  });

  it('retries a 429 from Twilio and then succeeds', async () => {
    received.length = 0;
    throttleNext = 1;
    const result = await sender().send({
      provider: 'twilio',
      channel: 'sms',
      from: '+1',
      to: '+2',
      text: 'hi',
    });
    expect(received).toHaveLength(2);
    expect(result.providerMessageIds).toHaveLength(1);
  });

  it('reports a refusal with Twilio’s status and error code', async () => {
    rejectNext = true;
    const error = await sender()
      .send({ provider: 'twilio', channel: 'sms', from: '+1', to: '+2', text: 'hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(error).toMatchObject({ status: 400, code: 21211, message: expect.stringMatching(/code 21211/) });
  });

  it('fails clearly when no credentials are configured', async () => {
    const unconfigured = createTwilioSender({ credentials: async () => undefined });
    await expect(
      unconfigured.send({ provider: 'twilio', channel: 'sms', from: '+1', to: '+2', text: 'hi' }),
    ).rejects.toThrow(/Twilio credentials are not configured/);
  });
});
