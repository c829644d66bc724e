import { LOCAL_TWILIO_AUTH_TOKEN, startLocalStack } from '../../local-stack/stack.js';
import { postTwilioMessage } from '../../local-stack/twilio-client.js';

const SHARED_WHATSAPP = 'whatsapp:+14155238886';
const SHARED_SMS = '+14155238886';

interface Step {
  from: string;
  to: string;
  text: string;
  /** Every pattern must match the reply. */
  expect?: RegExp[];
  /** No pattern may match the reply. */
  forbid?: RegExp[];
}

/**
 * Runs the scripted demo on a fresh in-memory stack and prints its transcript; returns how many
 * steps did not hold (0: every answer held its fact and no customer heard another business's).
 */
export const runDemo = async (): Promise<number> => {
  const stack = await startLocalStack({
    stateDir: ':memory:',
    port: 0,
    env: { ...process.env, TWILIO_ACCOUNT_SID: '' },
  });
  const authToken = process.env.TWILIO_AUTH_TOKEN || LOCAL_TWILIO_AUTH_TOKEN;
  let failures = 0;

  const say = async (step: Step): Promise<string> => {
    const seen = stack.outbox.list().length;
    const posted = await postTwilioMessage(
      stack.url,
      authToken,
      { from: step.from, to: step.to, body: step.text },
      stack.publicBaseUrl,
    );
    if (posted.status !== 200) throw new Error(`webhook answered ${posted.status}: ${posted.body}`);
    const reply = await stack.outbox.waitFor((m) => m.to === step.from, 10_000, seen);
    const problems = [
      ...(step.expect ?? []).filter((p) => !p.test(reply.text)).map((p) => `missing ${p}`),
      ...(step.forbid ?? []).filter((p) => p.test(reply.text)).map((p) => `must not contain ${p}`),
    ];
    failures += problems.length ? 1 : 0;
    console.log(`\n${who(step.from)}: ${step.text}`);
    console.log(`Frontdesk: ${reply.text}`);
    if (step.expect || step.forbid) console.log(problems.length ? `  ✗ ${problems.join('; ')}` : '  ✓');
    return reply.text;
  };

  const names: Record<string, string> = {
    'whatsapp:+15550001001': 'Owner of Bella Pizza (WhatsApp)',
    '+15550002002': 'Owner of Smile Dental (SMS)',
    'whatsapp:+15550003003': 'Customer Ana (WhatsApp)',
    '+15550004004': 'Customer Ben (SMS)',
  };
  const who = (address: string) => names[address] ?? address;

  try {
    console.log(`Frontdesk demo on ${stack.url}`);
    const bellaOwner = { from: 'whatsapp:+15550001001', to: SHARED_WHATSAPP };
    const registered = await say({
      ...bellaOwner,
      text: '!register Bella Pizza',
      expect: [/bellapiz_\d{4}/],
    });
    const bella = /bellapiz_\d{4}/.exec(registered)?.[0] ?? 'bellapiz_0000';
    await say({
      ...bellaOwner,
      text: "!add We're open Monday to Saturday from 11am to 10pm, and closed on Sundays.",
      expect: [/#1/],
    });
    await say({
      ...bellaOwner,
      text: '!add A large margherita pizza costs $14 and a small one costs $9.',
      expect: [/#2/],
    });
    await say({
      ...bellaOwner,
      text: '!add We deliver within 5 km of the restaurant for a $3 fee.',
      expect: [/#3/],
    });
    await say({ ...bellaOwner, text: '!list', expect: [/1\. We're open/, /3\. We deliver/] });

    const smileOwner = { from: '+15550002002', to: SHARED_SMS };
    const smileReply = await say({
      ...smileOwner,
      text: '!register Smile Dental',
      expect: [/smiledent_\d{4}|smileden_\d{4}/],
    });
    const smile = /[a-z0-9]{1,8}_\d{4}/.exec(smileReply)?.[0] ?? 'smileden_0000';
    await say({
      ...smileOwner,
      text: '!add Teeth whitening costs $199 and takes about an hour.',
      expect: [/#1/],
    });

    const ana = { from: 'whatsapp:+15550003003', to: SHARED_WHATSAPP };
    await say({ ...ana, text: `!business ${bella} What are your opening hours?`, expect: [/11am to 10pm/] });
    await say({ ...ana, text: 'How much is a large margherita?', expect: [/\$14/] });
    await say({ ...ana, text: 'Do you deliver to my house?', expect: [/5 km/, /\$3/] });
    await say({ ...ana, text: 'Are you open on Sundays?', expect: [/closed on Sundays/] });
    await say({
      ...ana,
      text: 'Do you have vegan cheese?',
      expect: [/don't have that information/],
      forbid: [/\$/],
    });
    await say({
      ...ana,
      text: 'How much is teeth whitening?',
      expect: [/don't have that information/],
      forbid: [/\$199/],
    });

    const ben = { from: '+15550004004', to: SHARED_SMS };
    await say({ ...ben, text: `!business ${smile} how much does whitening cost?`, expect: [/\$199/] });
    await say({
      ...ben,
      text: 'How much is a large margherita pizza?',
      expect: [/don't have that information/],
      forbid: [/\$14/],
    });
    await say({ ...ben, text: '!exit', expect: [/left Smile Dental/] });
    await say({ ...ben, text: '!business nosuch_0000', expect: [/couldn't find a business/] });
  } catch (error) {
    failures++;
    console.error('\nThe demo could not finish:', error);
  } finally {
    await stack.close();
  }

  console.log(
    failures === 0
      ? '\nDemo passed: every answer held its fact.'
      : `\nDemo FAILED: ${failures} step(s) did not hold.`,
  );
  return failures;
};
