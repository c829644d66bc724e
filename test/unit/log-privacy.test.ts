import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { stageNameOf } from '../../functions/answer/answer-metrics.js';
import { createChatModelStage } from '../../functions/answer/chat-model.js';
import { maskIdentifier, PrivacyLogFormatter } from '../../functions/platform/log-privacy.js';

/** Prints one line through a logger with the privacy formatter and returns it parsed. */
const printed = (level: 'INFO' | 'DEBUG', revealAtDebug: boolean, log: (logger: Logger) => void) => {
  const formatter = new PrivacyLogFormatter();
  formatter.revealAtDebug = revealAtDebug;
  const logger = new Logger({ serviceName: 'test', logLevel: level, logFormatter: formatter });
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    log(logger);
  } finally {
    process.stdout.write = write;
  }
  return { raw: lines.join(''), line: JSON.parse(lines[0]!) as Record<string, unknown> };
};

describe('the privacy log formatter', () => {
  it('masks numbers and ids under person keys, keeping the channel prefix', () => {
    expect(maskIdentifier('+15551231234')).toBe('+1555***1234');
    expect(maskIdentifier('whatsapp:+447700900123')).toBe('whatsapp:+4477***0123');
    expect(maskIdentifier('1234')).toBe('***');
  });

  it('masks nested text, errors with their causes, and numbers inside free text', () => {
    const cause = new Error('Twilio 21610: +15551231234 has opted out');

    const { raw, line } = printed('INFO', true, (logger) =>
      logger.info('reply to +15551231234 failed', {
        error: new Error('send failed', { cause }),
        reply: { to: 'whatsapp:+15551231234', body: 'Your table is booked' },
        turns: [{ role: 'customer', text: 'book me in', profileName: 'Zoë Fairweather' }],
      }),
    );

    expect(raw).not.toContain('+15551231234');
    expect(raw).not.toContain('booked');
    expect(raw).not.toContain('book me in');
    expect(raw).not.toContain('Fairweather');
    expect(line.message).toBe('reply to +1555***1234 failed');
    expect(line.reply).toEqual({
      to: 'whatsapp:+1555***1234',
      body: expect.stringMatching(/^\[text: 20 chars/),
    });
    expect(JSON.stringify(line.error)).toContain('+1555***1234 has opted out');
  });

  it('reveals only DEBUG lines, and only when told to', () => {
    const data = { from: '+15551231234', text: 'hello' };
    expect(printed('DEBUG', true, (l) => l.debug('in', data)).line).toMatchObject(data);
    expect(printed('DEBUG', true, (l) => l.info('in', data)).line).toMatchObject({ from: '+1555***1234' });
    expect(printed('DEBUG', false, (l) => l.debug('in', data)).line).toMatchObject({ from: '+1555***1234' });
  });
});

describe('the answer metrics', () => {
  it('name a chain stage as the chat model does, so fallbacks are counted right', () => {
    const settings = { model: 'llama3.1', baseUrl: 'http://ollama:11434/v1', timeoutMs: 1000, maxRetries: 0 };
    expect(stageNameOf(settings)).toBe(createChatModelStage(settings, async () => undefined).name);
    const openai = { model: 'gpt-4o-mini', timeoutMs: 1000, maxRetries: 0 };
    expect(stageNameOf(openai)).toBe(createChatModelStage(openai, async () => undefined).name);
  });
});
