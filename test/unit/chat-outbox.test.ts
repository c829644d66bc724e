import { describe, expect, it } from 'vitest';
import { replies } from '../../functions/conversation/replies.js';
import { readOutcome, silenceNote } from '../../local-stack/chat-outbox.js';

const customer = 'whatsapp:+15550001234';

describe('npm run chat reads the outbox', () => {
  it('takes the replies to the sender, and a relay to the owner for what it is', () => {
    // Act
    const answered = readOutcome([{ id: '1', to: customer, text: 'We open at 11.' }], customer);
    const relayed = readOutcome(
      [{ id: '2', to: 'whatsapp:+15559990000', text: replies.forwardedToOwner('+15550001234', 'Hi?') }],
      customer,
    );
    const other = readOutcome([{ id: '3', to: 'whatsapp:+15559990000', text: 'Unrelated' }], customer);

    // Assess
    expect(answered).toEqual({ kind: 'replies', texts: ['We open at 11.'] });
    expect(relayed).toEqual({ kind: 'relayed', owners: ['whatsapp:+15559990000'] });
    expect(other).toEqual({ kind: 'waiting' });
  });

  it('explains a silence after a handoff as by design, and any other silence with what to check', () => {
    // Prepare
    const handedOff = [{ id: '1', to: customer, text: replies.handoffNoted('Bella Pizza') }];
    const answered = [{ id: '1', to: customer, text: 'We open at 11.' }];

    // Act / Assess
    expect(silenceNote(handedOff, customer, 15)).toContain(
      'by design: after the handoff a person has this conversation',
    );
    expect(silenceNote(answered, customer, 15)).toContain('check that npm start is still running');
    expect(silenceNote(answered, customer, 15)).toContain('gets no reply by design');
  });
});
