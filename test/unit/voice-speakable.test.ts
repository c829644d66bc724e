import { describe, expect, it } from 'vitest';
import { toSpeech, VOICE_MAX_CHARS } from '../../functions/channels/voice/speakable.js';
import { wantsToHangUp } from '../../functions/channels/voice/webhook.js';

describe('toSpeech', () => {
  it('drops links and markdown, and says days, times and ranges naturally', () => {
    expect(
      toSpeech(
        '**Open** Mon-Fri 9am-5:30pm. Details: [our page](https://x.example/h) or see https://x.example',
      ),
    ).toBe('Open Monday to Friday 9 a.m. to 5:30 p.m. Details: our page.');
  });

  it('reads phone numbers digit by digit and keeps prices and dates whole', () => {
    expect(toSpeech('Call (555) 123-4567. A pizza is $14.50, booked for 2026-05-01.')).toBe(
      'Call 5 5 5, 1 2 3, 4 5 6 7. A pizza is $14.50, booked for 2026-05-01.',
    );
  });

  it('turns lists into sentences, drops emoji and says 24/7 and &', () => {
    expect(toSpeech('# Hours\n- Pizza & pasta 🍕\n- Open 24/7')).toBe(
      'Hours. Pizza and pasta. Open 24 hours a day, 7 days a week.',
    );
  });

  it('asks a caller to say, not reply, yes', () => {
    expect(toSpeech("I don't know yet. Reply YES and I'll pass your question on.")).toBe(
      "I don't know yet. Say YES and I'll pass your question on.",
    );
  });

  it('keeps answers short: whole sentences up to the limit', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} is here.`).join(' ');
    const spoken = toSpeech(long);
    expect(spoken.length).toBeLessThanOrEqual(VOICE_MAX_CHARS);
    expect(spoken).toMatch(/^Sentence number 1 is here\..*here\.$/);
  });
});

describe('wantsToHangUp', () => {
  it('hears goodbyes, not questions that contain "bye" or "buy"', () => {
    for (const said of ['Goodbye.', 'No thanks, bye!', "That's all, thank you", 'bye bye'])
      expect(wantsToHangUp(said)).toBe(true);
    for (const said of [
      'Can I buy a gift card?',
      'What time should I stop by on Saturday morning with my kids?',
      'Hello',
    ])
      expect(wantsToHangUp(said)).toBe(false);
  });
});
