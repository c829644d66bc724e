import type { ChannelTokenStore } from '../channels/meta/channel-tokens.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import type { IdentityProvider } from '../people/identity-provider.js';
import { HttpError } from '../platform/errors.js';
import { deleteChannelRoute } from '../store/channel-routes.js';
import type { Table } from '../store/client.js';
import { listConversations } from '../store/conversations.js';
import { listDocumentIds } from '../store/documents.js';
import { type ItemKey, keys } from '../store/keys.js';
import { allIndexItemsOf, allItemsOf, deleteItems, keyOf } from '../store/partitions.js';
import { getTenant } from '../store/tenants.js';
import { type TenantFiles, tenantObjectPrefixes } from './tenant-files.js';

export interface DeleteBusinessDeps {
  table: Table;
  knowledge: KnowledgeIndex;
  files: TenantFiles;
  identity: IdentityProvider;
  channelTokens: ChannelTokenStore;
}

/**
 * The platform operator deletes a business with everything it owns. Order matters: what lets
 * anyone in goes first (API key lookups, people's accounts, channel routes and their tokens,
 * the business code and owner numbers), then the data (vectors, files, conversations, chunks),
 * and the business's own partition (profile, documents, keys, people, audit) last, so a failure
 * half-way leaves a business nobody can use that the operator deletes again.
 */
export const deleteBusiness = async (deps: DeleteBusinessDeps, tenantId: string) => {
  const tenant = await getTenant(deps.table, tenantId);
  if (!tenant) throw new HttpError(404, 'Not found');
  const own = await allItemsOf(deps.table, keys.tenantProfile(tenantId).pk);
  const counts = { keys: 0, people: 0, routes: 0, documents: 0, conversations: 0, files: 0, items: 0 };

  // Access: keys, people, addresses, code and owner numbers.
  const keyLookups = own
    .filter((i) => String(i.sk).startsWith('APIKEY#') && i.sha256)
    .map((i) => keys.apiKey(String(i.sha256)));
  counts.keys = await deleteItems(deps.table, keyLookups);
  for (const person of own.filter((i) => String(i.sk).startsWith('USER#'))) {
    await deps.identity.remove(String(person.userId));
    counts.people++;
  }
  for (const route of await allIndexItemsOf(deps.table, keys.tenantChannelRoutes(tenantId).gsi1pk)) {
    const address = { channel: String(route.channel), address: String(route.address), tenantId };
    await deleteChannelRoute(deps.table, address);
    await deps.channelTokens.delete(address.channel, address.address);
    counts.routes++;
  }
  const lookups: ItemKey[] = [
    keys.businessCode(tenant.code),
    ...tenant.owners.map((phone) => keys.owner(phone)),
  ];
  await deleteItems(deps.table, lookups);

  // Data: vectors and chunks per document, uploaded and exported files, conversations.
  for (const documentId of await listDocumentIds(deps.table, tenantId)) {
    await deps.knowledge.removeDocument(tenantId, documentId);
    const chunkPk = keys.chunkPrefix(tenantId, documentId).pk;
    counts.items += await deleteItems(deps.table, (await allItemsOf(deps.table, chunkPk)).map(keyOf));
    counts.documents++;
  }
  for (const prefix of tenantObjectPrefixes(tenantId)) counts.files += await deps.files.removeAll(prefix);
  for (const conversation of await listConversations(deps.table, tenantId)) {
    const pk = keys.conversationState(tenantId, conversation.customer).pk;
    counts.items += await deleteItems(deps.table, (await allItemsOf(deps.table, pk)).map(keyOf));
    counts.conversations++;
  }
  // Website visitors: each one's record, transcript and connections (found through gsi1).
  for (const visitor of await allIndexItemsOf(deps.table, keys.tenantWebVisitors(tenantId).gsi1pk)) {
    const pk = keys.webVisitor(tenantId, String(visitor.visitorId)).pk;
    counts.items += await deleteItems(deps.table, (await allItemsOf(deps.table, pk)).map(keyOf));
  }
  // Read again: removing documents notes knowledge changes in this partition as it goes.
  const rest = await allItemsOf(deps.table, keys.tenantProfile(tenantId).pk);
  counts.items += await deleteItems(deps.table, rest.map(keyOf));
  return { tenantId, code: tenant.code, deleted: counts };
};
