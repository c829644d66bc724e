import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './client.js';
import { keys } from './keys.js';

/** What a phone call needs from the business profile: how to sound, and when someone is in. */
export interface CallProfile {
  name: string;
  hours?: string;
  language?: string;
  /** A Twilio text-to-speech voice (e.g. `en-US-Journey-O`); Twilio's default when absent. */
  voice?: string;
  /** Said when the call connects; a greeting with the business's name when absent. */
  greeting?: string;
  /** IANA time zone the opening hours are in (e.g. `America/New_York`); UTC when absent. */
  timezone?: string;
}

export const getCallProfile = async (table: Table, tenantId: string): Promise<CallProfile | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.tenantProfile(tenantId),
      ProjectionExpression: '#name, hours, #language, #voice, greeting, #timezone',
      ExpressionAttributeNames: {
        '#name': 'name',
        '#language': 'language',
        '#voice': 'voice',
        '#timezone': 'timezone',
      },
    }),
  );
  if (!Item) return undefined;
  return {
    name: Item.name,
    hours: Item.hours,
    language: Item.language,
    voice: Item.voice,
    greeting: Item.greeting,
    timezone: Item.timezone,
  };
};
