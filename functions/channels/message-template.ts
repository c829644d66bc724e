import type { TemplateParameter } from '../contracts/admin/requests.js';
import type { MessageTemplate } from '../contracts/admin/templates.js';
import type { TemplateSend } from '../contracts/messages.js';

/**
 * The longest value one parameter may carry: Twilio's Content API takes at most 255 characters
 * per variable; a WhatsApp template's body holds at most 1,024 characters.
 */
export const TEMPLATE_PARAMETER_LIMITS = { whatsapp: 1024, twilio: 255 } as const;

/**
 * WhatsApp refuses a parameter with a new line, a tab or more than four spaces in a row
 * (error 132018): the owner's words are kept on one line.
 */
export const asTemplateParameter = (text: string): string => text.replace(/\s+/g, ' ').trim();

export type TemplateChoice =
  | { kind: 'template'; template: TemplateSend; registered: MessageTemplate }
  | { kind: 'none'; reason: 'no-template' }
  | { kind: 'none'; reason: 'too-long'; limit: number };

/**
 * The registered template an owner's message can go out as, outside the 24-hour window: one of
 * this address's templates with a `message` parameter (else the owner's words would be lost),
 * every parameter fillable, in the preferred language when there is one (`es` matches `es_MX`).
 */
export const chooseTemplate = (
  templates: readonly MessageTemplate[],
  target: { channel: MessageTemplate['channel']; address: string },
  values: Partial<Record<TemplateParameter, string>>,
  preferredLanguage?: string,
): TemplateChoice => {
  const limit = TEMPLATE_PARAMETER_LIMITS[target.channel];
  const filled = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value ? asTemplateParameter(value) : '']),
  ) as Partial<Record<TemplateParameter, string>>;
  const usable = templates.filter(
    (t) =>
      t.channel === target.channel &&
      t.address === target.address &&
      t.parameters.includes('message') &&
      (t.channel === 'whatsapp' || Boolean(t.contentSid)) &&
      t.parameters.every((p) => Boolean(filled[p])),
  );
  if (usable.length === 0) return { kind: 'none', reason: 'no-template' };
  if (longestValue(filled) > limit) return { kind: 'none', reason: 'too-long', limit };
  const wanted = preferredLanguage?.toLowerCase().split(/[-_]/)[0];
  const registered =
    usable.find((t) => wanted && t.language.toLowerCase().split(/[-_]/)[0] === wanted) ?? usable[0]!;
  return {
    kind: 'template',
    registered,
    template: {
      name: registered.name,
      language: registered.language,
      ...(registered.contentSid ? { contentSid: registered.contentSid } : {}),
      parameters: registered.parameters.map((p) => filled[p] ?? ''),
    },
  };
};

const longestValue = (values: Partial<Record<TemplateParameter, string>>): number =>
  Math.max(0, ...Object.values(values).map((v) => v?.length ?? 0));
