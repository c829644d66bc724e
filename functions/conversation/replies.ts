import { customerReplies } from '../answer/customer-replies.js';
import { USAGE } from './commands.js';

/**
 * What Frontdesk says in chat, in one place so the voice stays consistent. What a customer gets
 * in the flow of a conversation is in every language we reply in (answer/customer-replies.ts);
 * the English forms are here too for the callers that have no language to go by.
 */
export const replies = {
  welcomeShared: () =>
    'Hi! This number answers for many businesses. Send "!business <code> <your question>", ' +
    'for example "!business bellapiz_4821 what are your opening hours?". Send !help for more.',
  registered: (name: string, code: string) =>
    `${name} is registered! Your business code is ${code}. Customers send "!business ${code} <question>" ` +
    `to this number to ask you things. Teach me with "!add <fact>", for example "!add We're open Monday to ` +
    `Friday, 9am to 6pm." Send !help for all commands.`,
  alreadyRegistered: (name: string, code: string) =>
    `You already run ${name} here. Its business code is ${code}. Send !help to see what you can do.`,
  added: (n: number, text: string) => `Saved as fact #${n}. Customers can ask about it now: "${text}"`,
  list: (name: string, facts: Array<{ number: number; text: string }>) =>
    facts.length === 0
      ? `${name} has no facts yet. Add one with "!add <fact>".`
      : `Facts for ${name}:\n${facts.map((f) => `${f.number}. ${f.text}`).join('\n')}\nRemove one with "!delete <number>".`,
  deleted: (n: number, text: string) => `Deleted fact #${n}: "${text}"`,
  noSuchFact: (n: number) => `There is no fact #${n}. Send !list to see the numbers.`,
  apiKey: (name: string, key: string, keyId: string) =>
    `Your admin API key for ${name}: ${key}\nUse it as "Authorization: Bearer <key>" to sign in to the ` +
    'owner console or upload documents (POST /v1/documents). It is shown only this once; delete this ' +
    `message once you have stored it. Its id is ${keyId}: see, rotate or revoke your keys in the console ` +
    '(Keys) or with GET /v1/keys.',
  /** What the saved reply holds until it is sent: the key itself is minted only then. */
  apiKeyToMint: (name: string) => `Your admin API key for ${name} (minted when this message is sent).`,
  ownerCommandsByTextOnly: () =>
    'For your security, owner commands work only by text message, not on a phone call. ' +
    'Nothing was changed. Please send the command from your phone by SMS or WhatsApp.',
  registerOnSharedNumber: () =>
    'This number belongs to a business, so it can\'t register a new one. To set up your own business, write "!register <business name>" to Frontdesk\'s shared number.',
  alertConfirmationRequest: (name: string, code: string) =>
    `${name} wants to send its customer alerts to this address. If that's you, reply "!confirm ${code}" (or enter the code in the console) within 30 minutes. If not, ignore this message.`,
  alertConfirmation: (status: 'confirmed' | 'wrong-code' | 'no-pending' | 'too-many-attempts') =>
    ({
      confirmed: "Confirmed: you'll get this business's customer alerts here.",
      'wrong-code': "That code doesn't match. Check the latest code you were sent and try again.",
      'no-pending':
        'There is no confirmation waiting for this address, or its code expired. Ask the business owner to add this address again.',
      'too-many-attempts':
        'Too many wrong codes. Ask the business owner to add this address again for a new code.',
    })[status],
  notAnOwner: () =>
    'Only a business owner can do that. To register your business, send "!register <business name>".',
  unknownCode: (code: string) =>
    `I couldn't find a business with the code "${code}". Check the code (it looks like bellapiz_4821) and try again.`,
  connected: (name: string) => `You're now chatting with ${name}. What would you like to know?`,
  routedNumber: (name: string) =>
    `This number belongs to ${name}, so there's no need for a code: just ask your question.`,
  left: (name: string) => `You've left ${name}. Send "!business <code>" to talk to a business.`,
  notConnected: () => 'You are not connected to a business. Send "!business <code>" to pick one.',
  unknownCommand: (name: string, help: string) => `I don't know the command "!${name}". ${help}`,
  usage: (usage: string) => `To use that command, send: ${usage}`,
  textOnly: () => customerReplies().textOnly(),
  handoffDone: (name: string) => customerReplies().handoffDone(name),
  handoffNoted: (name: string) => customerReplies().handoffNoted(name),
  ownerAlert: (name: string, customer: string, question: string) =>
    `A customer (${customer}) asked ${name} something I couldn't answer: "${question}". ` +
    `I'll stay quiet in that chat while you answer: send "!reply ${customer} <your message>", ` +
    `then "!resume ${customer}" to hand it back to me.`,
  ownerAlertAsked: (name: string, customer: string, question: string) =>
    `A customer (${customer}) of ${name} asked for a person: "${question}". ` +
    `I'll stay quiet in that chat while you answer: send "!reply ${customer} <your message>", ` +
    `then "!resume ${customer}" to hand it back to me.`,
  personRequested: (name: string) => customerReplies().personRequested(name),
  forwardedToOwner: (customer: string, text: string) => `${customer} wrote: "${text}"`,
  ownerReplySent: (customer: string) =>
    `Sent to ${customer}. Send "!resume ${customer}" when you want me to take over again.`,
  ownerReplySentAsTemplate: (customer: string, template: string) =>
    `${customer} last wrote over 24 hours ago, so your message went out in your approved WhatsApp template "${template}". Send "!resume ${customer}" when you want me to take over again.`,
  customerMustWriteFirst: (customer: string, why: string) => `Not sent to ${customer}. ${why}`,
  resumed: (customer: string) => `I'm answering ${customer} again.`,
  callBack: (customer: string) =>
    `${customer} reached you by phone, so a message can't reach them there. Please call them back on ${customer}.`,
  nothingToResume: () => 'No conversation is waiting for you, so there is nothing to resume.',
  noSuchConversation: (customer: string) =>
    `I couldn't find a conversation with ${customer}. Use the number from my alert, e.g. "!reply +15551234567 Hello".`,
  gaps: (name: string, gaps: Array<{ question: string; asked: number }>) =>
    gaps.length === 0
      ? `No unanswered questions for ${name} right now.`
      : `Questions ${name}'s customers asked that I couldn't answer:\n${gaps
          .map((g, i) => `${i + 1}. "${g.question}" (asked ${g.asked}x)`)
          .join('\n')}\nTeach me with "!add <fact>".`,
  rateLimited: () => customerReplies().rateLimited(),
  budgetReached: (name: string) => customerReplies().budgetReached(name),
  ownerBudgetAlert: (name: string, budgetUsd: number) =>
    `${name}'s assistant has used its monthly budget ($${budgetUsd.toFixed(2)}), so customers are now told a person will reply. Questions keep arriving in your alerts. Ask the platform to raise your plan if you need more.`,
  messageQuotaReached: (name: string) => customerReplies().messageQuotaReached(name),
  ownerMessageQuotaAlert: (name: string, messages: number) =>
    `${name}'s assistant has answered the ${messages} messages its plan allows this month, so customers are now told a person will reply. Questions keep arriving in your alerts. Ask the platform to raise your plan if you need more.`,
  truncatedNotice: (maxChars: number) => customerReplies().truncatedNotice(maxChars),
  ownerHelp: (name: string, code: string) =>
    `You run ${name} (code ${code}). Commands: ${USAGE.add} | !list | ${USAGE.delete} | ${USAGE.reply} | ` +
    `!resume <customer number> | !gaps | !account <e-mail> (sign in to the console) | !key (an admin API key) | !help. ` +
    `Customers ask with "!business ${code} <question>".`,
  customerHelp: () =>
    `Commands: ${USAGE.business} to ask a business | !exit to leave it | ${USAGE.register} to set up your own business.`,
};
