import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresInDays, type Table } from './client.js';
import { keys } from './keys.js';

/** A call lasts minutes; its answers only need to outlive it. */
const VOICE_ANSWER_TTL_DAYS = 1;

export interface VoiceTurn {
  tenantId: string;
  callSid: string;
  turn: number;
}

/**
 * Appends one reply to a call turn's answer. The answer worker sends each reply exactly once,
 * so appending never repeats one; a turn with two replies (an answer and a note) keeps both.
 */
export const appendVoiceAnswer = async (table: Table, turn: VoiceTurn, text: string): Promise<void> => {
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.voiceAnswer(turn.tenantId, turn.callSid, turn.turn),
      UpdateExpression:
        'SET parts = list_append(if_not_exists(parts, :empty), :part), answeredAt = :at, expiresAt = :exp',
      ExpressionAttributeValues: {
        ':empty': [],
        ':part': [text],
        ':at': new Date().toISOString(),
        ':exp': expiresInDays(VOICE_ANSWER_TTL_DAYS),
      },
    }),
  );
};

/** The answer for a turn, once the worker has stored it. */
export const getVoiceAnswer = async (table: Table, turn: VoiceTurn): Promise<string | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.voiceAnswer(turn.tenantId, turn.callSid, turn.turn),
      ConsistentRead: true,
    }),
  );
  const parts = Item?.parts as string[] | undefined;
  return parts?.length ? parts.join(' ') : undefined;
};
