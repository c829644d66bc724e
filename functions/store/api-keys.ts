import { randomBytes } from 'node:crypto';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { FrontdeskError } from '../platform/errors.js';
import { sha256Hex } from '../platform/ids.js';
import { type Item, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import { queryPrefix } from './pages.js';

/**
 * Tenants' admin API keys. A key is shown once; the table holds only its SHA-256, in two items
 * written one after the other (dynalite has no transactions):
 * - the record, in the tenant's partition (`keys.tenantApiKey`): id, hint, label, created and the
 *   hash, so the tenant lists, revokes and rotates its keys by id;
 * - the lookup, by hash (`keys.apiKey`): tenant, key id and last use, what authentication reads.
 *
 * The lookup is what makes a key work. It is written after the record and deleted before it, so
 * a crash in between leaves at worst a record of a key that does not work (not listed), never a
 * working key the tenant cannot see or revoke.
 */
export interface ApiKeySummary {
  keyId: string;
  /** The key's first characters, e.g. `fd_Ab3x…`, to tell keys apart; never enough to use one. */
  hint: string;
  label?: string;
  createdAt: string;
  lastUsedAt?: string;
}

export interface IssuedApiKey extends ApiKeySummary {
  /** The key itself: shown to its owner once, stored nowhere. */
  apiKey: string;
}

/** Whose a presented key is. */
export interface ApiKeyCaller {
  tenantId: string;
  keyId: string;
  lastUsedAt?: string;
}

/**
 * `lastUsedAt` is written at most once an hour per key (a conditional update, only when the
 * value authentication just read is older), so a busy key costs no table write per request.
 */
export const LAST_USED_RESOLUTION_MS = 60 * 60_000;

/** `key_<16 hex>` for keys made by id, `msg_<24 hex>` for keys minted for a chat message. */
const KEY_ID_PATTERN = /^[a-z]{3}_[0-9a-f]{16,32}$/;
export const isApiKeyId = (value: string): boolean => KEY_ID_PATTERN.test(value);

const newSecret = () => `fd_${randomBytes(24).toString('base64url')}`;
const newKeyId = () => `key_${randomBytes(8).toString('hex')}`;
const hintOf = (apiKey: string) => `${apiKey.slice(0, 7)}…`;

const summaryOf = (record: Item, lastUsedAt?: string): ApiKeySummary => ({
  keyId: record.keyId,
  hint: record.hint,
  label: record.label,
  createdAt: record.createdAt,
  lastUsedAt,
});

const writeKey = async (
  table: Table,
  input: { tenantId: string; keyId: string; label?: string; replace: boolean },
): Promise<IssuedApiKey> => {
  const apiKey = newSecret();
  const sha256 = sha256Hex(apiKey);
  const summary = { keyId: input.keyId, hint: hintOf(apiKey), label: input.label };
  const createdAt = new Date().toISOString();
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.tenantApiKey(input.tenantId, input.keyId),
        type: 'api-key',
        ...summary,
        createdAt,
        sha256,
      },
      ConditionExpression: input.replace ? undefined : 'attribute_not_exists(pk)',
    }),
  );
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.apiKey(sha256), tenantId: input.tenantId, keyId: input.keyId, createdAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return { ...summary, createdAt, apiKey };
};

/** A new key for the tenant; earlier keys stay valid. */
export const createApiKey = (table: Table, tenantId: string, options: { label?: string } = {}) =>
  writeKey(table, { tenantId, keyId: newKeyId(), label: options.label, replace: false });

/** A new key for the tenant, as the bare key (the platform routes and tests need only that). */
export const issueApiKey = async (table: Table, tenantId: string, label?: string): Promise<string> =>
  (await createApiKey(table, tenantId, { label })).apiKey;

const getRecord = async (table: Table, tenantId: string, keyId: string): Promise<Item | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.tenantApiKey(tenantId, keyId), ConsistentRead: true }),
  );
  return Item;
};

const deleteLookup = async (table: Table, sha256: string) => {
  await table.client.send(new DeleteCommand({ TableName: table.name, Key: keys.apiKey(sha256) }));
};

/**
 * Revokes one of the tenant's keys: it stops working from the next request. False when the
 * tenant has no key with this id (another tenant's id included).
 */
export const revokeApiKeyById = async (table: Table, tenantId: string, keyId: string): Promise<boolean> => {
  const record = await getRecord(table, tenantId, keyId);
  if (!record) return false;
  await deleteLookup(table, record.sha256);
  await table.client.send(
    new DeleteCommand({ TableName: table.name, Key: keys.tenantApiKey(tenantId, keyId) }),
  );
  return true;
};

/**
 * A new key (new id, same label) in place of an old one, which stops working. The new key is
 * made first, so a failure half-way never leaves the business with no key. Undefined when the
 * tenant has no key with this id.
 */
export const rotateApiKey = async (
  table: Table,
  tenantId: string,
  keyId: string,
): Promise<IssuedApiKey | undefined> => {
  const record = await getRecord(table, tenantId, keyId);
  if (!record) return undefined;
  const issued = await writeKey(table, { tenantId, keyId: newKeyId(), label: record.label, replace: false });
  await revokeApiKeyById(table, tenantId, keyId);
  return issued;
};

/**
 * A key under an id the caller chose, revoking any earlier key under that id first. The chat's
 * `!key` derives the id from the inbound message, so a retried send revokes the key that an
 * earlier attempt minted (and may or may not have delivered) before minting the one it sends.
 */
export const mintApiKeyWithId = async (
  table: Table,
  input: { tenantId: string; keyId: string; label?: string },
): Promise<IssuedApiKey> => {
  const earlier = await getRecord(table, input.tenantId, input.keyId);
  if (earlier) await deleteLookup(table, earlier.sha256);
  return writeKey(table, { ...input, replace: true });
};

/** The tenant and key id of a presented key; undefined for an unknown or revoked key. */
export const findApiKey = async (table: Table, apiKey: string): Promise<ApiKeyCaller | undefined> => {
  const sha256 = sha256Hex(apiKey);
  // Strongly consistent, so a key revoked a moment ago is refused on the very next request.
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.apiKey(sha256), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  if (!Item.keyId) return adoptKeyWithoutId(table, sha256, Item);
  return { tenantId: Item.tenantId, keyId: Item.keyId, lastUsedAt: Item.lastUsedAt };
};

export const tenantOfApiKey = async (table: Table, apiKey: string): Promise<string | undefined> =>
  (await findApiKey(table, apiKey))?.tenantId;

/**
 * Keys issued before keys had ids have a lookup only. On first use each gets a record and an
 * id, so it shows in its tenant's list and can be revoked like any other: record first, then
 * the id on the lookup (only if no other request adopted it meanwhile).
 */
const adoptKeyWithoutId = async (table: Table, sha256: string, lookup: Item) => {
  const tenantId = lookup.tenantId as string;
  const keyId = newKeyId();
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.tenantApiKey(tenantId, keyId),
        type: 'api-key',
        keyId,
        hint: lookup.hint ?? 'fd_…',
        label: 'issued before key ids',
        createdAt: lookup.createdAt ?? new Date().toISOString(),
        sha256,
      },
    }),
  );
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.apiKey(sha256),
        UpdateExpression: 'SET keyId = :keyId',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(keyId)',
        ExpressionAttributeValues: { ':keyId': keyId },
      }),
    );
    return { tenantId, keyId } satisfies ApiKeyCaller;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    await table.client.send(
      new DeleteCommand({ TableName: table.name, Key: keys.tenantApiKey(tenantId, keyId) }),
    );
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.name, Key: keys.apiKey(sha256), ConsistentRead: true }),
    );
    return Item?.keyId
      ? ({ tenantId, keyId: Item.keyId, lastUsedAt: Item.lastUsedAt } as ApiKeyCaller)
      : undefined;
  }
};

/**
 * Notes that a key was used, at most once per `LAST_USED_RESOLUTION_MS`: nothing is written when
 * the last use authentication just read is recent, and the conditional update lets only one of
 * several concurrent requests write. Returns whether it wrote.
 */
export const recordApiKeyUse = async (
  table: Table,
  apiKey: string,
  caller: ApiKeyCaller,
  now = Date.now(),
): Promise<boolean> => {
  if (caller.lastUsedAt && now - Date.parse(caller.lastUsedAt) < LAST_USED_RESOLUTION_MS) return false;
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.apiKey(sha256Hex(apiKey)),
        UpdateExpression: 'SET lastUsedAt = :at',
        // attribute_exists: a key revoked meanwhile is not brought back as a bare lookup.
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :cutoff)',
        ExpressionAttributeValues: {
          ':at': new Date(now).toISOString(),
          ':cutoff': new Date(now - LAST_USED_RESOLUTION_MS).toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};

const MAX_PAGES = 20;
const BATCH_GET_LIMIT = 100;
const BATCH_GET_ATTEMPTS = 5;

/** The tenant's working keys, oldest first, with their last use. Never the key or its hash. */
export const listApiKeys = async (table: Table, tenantId: string): Promise<ApiKeySummary[]> => {
  const records = await queryPrefix(table, keys.tenantApiKeyPrefix(tenantId), {
    maxPages: MAX_PAGES,
    consistentRead: true,
  });
  const lookups = await getLookups(
    table,
    records.map((r) => r.sha256 as string),
  );
  return records
    .filter((record) => lookups.has(keys.apiKey(record.sha256).pk))
    .map((record) => summaryOf(record, lookups.get(keys.apiKey(record.sha256).pk)?.lastUsedAt))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
};

/** The lookups that exist, by partition key: a record without one is a key that does not work. */
const getLookups = async (table: Table, hashes: string[]): Promise<Map<string, Item>> => {
  const found = new Map<string, Item>();
  for (let i = 0; i < hashes.length; i += BATCH_GET_LIMIT) {
    let wanted: Record<string, unknown>[] | undefined = hashes
      .slice(i, i + BATCH_GET_LIMIT)
      .map((hash) => keys.apiKey(hash) as unknown as Record<string, unknown>);
    for (let attempt = 1; wanted?.length; attempt++) {
      if (attempt > BATCH_GET_ATTEMPTS)
        throw new FrontdeskError('DynamoDB left some API keys unread after retries; list the keys again');
      const { Responses, UnprocessedKeys }: BatchGetCommandOutput = await table.client.send(
        new BatchGetCommand({ RequestItems: { [table.name]: { Keys: wanted, ConsistentRead: true } } }),
      );
      for (const item of Responses?.[table.name] ?? []) found.set(item.pk, item);
      wanted = UnprocessedKeys?.[table.name]?.Keys;
      if (wanted?.length) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
  return found;
};
