/**
 * TwiML as text: the handful of verbs a call uses (`Gather`, `Say`, `Redirect`, `Pause`,
 * `Hangup`, `Connect`/`ConversationRelay`, `Dial`), written the way twilio-node's `VoiceResponse`
 * writes them (test/unit/twiml-writer.test.ts compares the two), without its XML builder: 80 KB
 * less in the Twilio webhook, which answers every message (BENCHMARKS.md, issue 19).
 */
export interface TwimlNode {
  verb: string;
  /** Absent (undefined) attributes are left out; booleans and numbers are written as text. */
  attributes?: Record<string, string | number | boolean | undefined>;
  text?: string;
  children?: TwimlNode[];
}

const escapeText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');

const escapeAttribute = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');

const element = ({ verb, attributes = {}, text, children = [] }: TwimlNode): string => {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
  const body = (text === undefined ? '' : escapeText(text)) + children.map(element).join('');
  return body ? `<${verb}${attrs}>${body}</${verb}>` : `<${verb}${attrs}/>`;
};

/** A whole TwiML document: the XML declaration and a `<Response>` holding `verbs`. */
export const twimlDocument = (verbs: TwimlNode[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>${element({ verb: 'Response', children: verbs })}`;
