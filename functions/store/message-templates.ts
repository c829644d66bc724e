import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageTemplate } from '../contracts/admin/templates.js';
import type { Table } from './client.js';
import { keys } from './keys.js';
import { queryPrefix } from './pages.js';

/** A business registers a handful; a page or two is plenty. */
const MAX_PAGES = 5;

export const putMessageTemplate = async (
  table: Table,
  tenantId: string,
  template: MessageTemplate,
): Promise<void> => {
  const { channel, address, name, language } = template;
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.messageTemplate(tenantId, channel, address, name, language), ...template },
    }),
  );
};

export const listMessageTemplates = async (table: Table, tenantId: string): Promise<MessageTemplate[]> => {
  const items = await queryPrefix(table, keys.messageTemplatePrefix(tenantId), { maxPages: MAX_PAGES });
  return items.map((item) => ({
    channel: item.channel,
    address: item.address,
    name: item.name,
    language: item.language,
    parameters: item.parameters ?? [],
    ...(item.contentSid ? { contentSid: item.contentSid } : {}),
    createdAt: item.createdAt,
  }));
};

/** True when something was deleted. */
export const deleteMessageTemplate = async (
  table: Table,
  tenantId: string,
  id: Pick<MessageTemplate, 'channel' | 'address' | 'name' | 'language'>,
): Promise<boolean> => {
  const { Attributes } = await table.client.send(
    new DeleteCommand({
      TableName: table.name,
      Key: keys.messageTemplate(tenantId, id.channel, id.address, id.name, id.language),
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Boolean(Attributes);
};
