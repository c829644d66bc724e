import { USAGE } from './commands.js';

/** What Frontdesk says in chat, in one place so the voice stays consistent. */
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
  apiKey: (name: string, key: string) =>
    `Your admin API key for ${name}: ${key}\nUse it as "Authorization: Bearer <key>" to upload documents ` +
    '(POST /v1/documents). It is shown only this once; delete this message once you have stored it.',
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
  textOnly: () => "I can only read text for now. Please type your question and I'll help.",
  handoffDone: (name: string) =>
    `Thanks! I've passed your question to ${name}'s team; a person will get back to you soon.`,
  handoffNoted: (name: string) =>
    `Thanks! I've noted your question for ${name}'s team so a person can follow up.`,
  ownerAlert: (name: string, customer: string, question: string) =>
    `A customer (${customer}) asked ${name} something I couldn't answer: "${question}". Please reply to them directly.`,
  ownerHelp: (name: string, code: string) =>
    `You run ${name} (code ${code}). Commands: ${USAGE.add} | !list | ${USAGE.delete} | !help. ` +
    `Customers ask with "!business ${code} <question>".`,
  customerHelp: () =>
    `Commands: ${USAGE.business} to ask a business | !exit to leave it | ${USAGE.register} to set up your own business.`,
};
