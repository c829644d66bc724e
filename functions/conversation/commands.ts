/**
 * Chat commands. Owners teach their assistant (`!register`, `!add`, `!list`, `!delete`);
 * customers on a shared number pick a business (`!business`, `!exit`); everyone gets `!help`.
 */
export type Command =
  | { kind: 'register'; name: string }
  | { kind: 'add'; text: string }
  | { kind: 'list' }
  /** An owner asks for an admin API key (to upload documents). */
  | { kind: 'key' }
  | { kind: 'delete'; index: number }
  | { kind: 'help' }
  | { kind: 'business'; code: string; question: string }
  | { kind: 'exit' }
  | { kind: 'reply'; customer: string; text: string }
  | { kind: 'resume'; customer?: string }
  | { kind: 'gaps' }
  /** An owner asks for a console account (an invitation by e-mail, as owner). */
  | { kind: 'account'; email: string }
  /** A new owner-alert address sends back the code it was sent. */
  | { kind: 'confirm'; code: string }
  | { kind: 'unknown'; name: string }
  | { kind: 'usage'; name: string; usage: string };

export const USAGE = {
  register: '!register <business name>',
  add: '!add <a fact about your business>',
  delete: '!delete <number from !list>',
  business: '!business <code> <your question>',
  reply: '!reply <customer number> <your message>',
  confirm: '!confirm <the 6-digit code you were sent>',
  account: '!account <your e-mail address>',
} as const;

/**
 * Commands anyone may send. Every other command acts as or for an owner (and any command added
 * later does too until it is listed here), so it needs a channel that proves who sent it.
 */
const CUSTOMER_COMMANDS: ReadonlySet<Command['kind']> = new Set(['business', 'exit', 'help']);

/** Whether a command reveals or changes something only an owner may (refused where no owner is proven). */
export const actsForOwner = (command: Command): boolean =>
  !CUSTOMER_COMMANDS.has(command.kind === 'usage' ? (command.name as Command['kind']) : command.kind);

/** Returns `undefined` for ordinary text (not starting with `!`). */
export const parseCommand = (input: string): Command | undefined => {
  const text = input.trim();
  if (!text.startsWith('!')) return undefined;
  const match = /^!(\S*)\s*([\s\S]*)$/.exec(text);
  const name = (match?.[1] ?? '').toLowerCase();
  const rest = (match?.[2] ?? '').trim();
  switch (name) {
    case 'register':
      return rest ? { kind: 'register', name: rest.replace(/\s+/g, ' ') } : usage(name, USAGE.register);
    case 'add':
      return rest ? { kind: 'add', text: rest } : usage(name, USAGE.add);
    case 'list':
      return { kind: 'list' };
    case 'key':
      return { kind: 'key' };
    case 'delete': {
      const index = /^#?(\d{1,6})$/.exec(rest)?.[1];
      return index && Number(index) > 0
        ? { kind: 'delete', index: Number(index) }
        : usage(name, USAGE.delete);
    }
    case 'help':
      return { kind: 'help' };
    case 'business': {
      const [code = '', ...question] = rest.split(/\s+/);
      return code
        ? { kind: 'business', code: code.toLowerCase(), question: question.join(' ') }
        : usage(name, USAGE.business);
    }
    case 'exit':
      return { kind: 'exit' };
    case 'reply': {
      const [customer = '', ...words] = rest.split(/\s+/);
      const text = rest.slice(customer.length).trim();
      return customer && words.length > 0 ? { kind: 'reply', customer, text } : usage(name, USAGE.reply);
    }
    case 'resume':
      return { kind: 'resume', customer: rest.split(/\s+/)[0] || undefined };
    case 'gaps':
      return { kind: 'gaps' };
    case 'account': {
      const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.exec(rest)?.[0];
      return email && email.length <= 254
        ? { kind: 'account', email: email.toLowerCase() }
        : usage(name, USAGE.account);
    }
    case 'confirm': {
      const code = /^(\d{6})$/.exec(rest)?.[1];
      return code ? { kind: 'confirm', code } : usage(name, USAGE.confirm);
    }
    default:
      return { kind: 'unknown', name };
  }
};

const usage = (name: string, text: string): Command => ({ kind: 'usage', name, usage: text });
