/**
 * `npm run demo`: a scripted end-to-end run. Starts the local stack in this process (in memory),
 * registers two businesses by chat, teaches them facts, asks questions as customers over signed
 * Twilio webhooks, prints the transcript, and exits 0 only if every answer holds its fact and no
 * customer hears another business's facts.
 */
import '../local-stack/quiet.js';
import { runDemo } from '../tools/demo/script.js';

process.exit((await runDemo()) === 0 ? 0 : 1);
