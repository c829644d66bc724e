import type { Runtime } from '../composition/runtime.js';
import {
  type CreateDocumentBody,
  CreateDocumentBodySchema,
  type SearchBody,
  SearchBodySchema,
} from '../contracts/admin/requests.js';
import type { DocumentList, ReindexRequested, SearchResults, UploadTicket } from '../contracts/admin-api.js';
import { ANY_ROLE, OWNER_AND_STAFF, OWNER_ONLY } from '../contracts/roles.js';
import { readableSize } from '../ingest/document-files.js';
import {
  deleteDocument,
  documentView,
  lifecycleDeps,
  requestReindex,
  requestUpload,
} from '../ingest/document-lifecycle.js';
import { DocumentRejectedError } from '../ingest/errors.js';
import { checkDocumentQuota, KnowledgeLimitError } from '../knowledge/knowledge-quota.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { getDocument, listDocuments } from '../store/documents.js';
import { type AdminRequest, type AdminRoute, tenantOf } from './router.js';

/** What ids look like; anything else cannot name a document (and must not reach a table key). */
const DOCUMENT_ID = /^[\w-]{1,64}$/;

/**
 * The calling tenant's document, or 404: another tenant's id gets the same answer as an id
 * that does not exist, so existence is never revealed.
 */
const ownDocument = async (request: AdminRequest, runtime: Runtime) => {
  const id = request.params.id ?? '';
  const document = DOCUMENT_ID.test(id) ? await getDocument(runtime.table, tenantOf(request), id) : undefined;
  if (!document) throw new HttpError(404, 'Document not found');
  return document;
};

export const documentRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/documents',
    access: OWNER_AND_STAFF,
    body: CreateDocumentBodySchema,
    async handle(request, runtime) {
      const body = request.body as CreateDocumentBody;
      const { maxUploadBytes } = runtime.config.ingest;
      if (body.size > maxUploadBytes) {
        throw new HttpError(
          413,
          `This file is ${readableSize(body.size)}; documents may be at most ${readableSize(maxUploadBytes)}. Split it, or save it without images, then upload again`,
        );
      }
      try {
        await checkDocumentQuota(runtime.table, runtime.config.defaultPlan, tenantOf(request));
        const { document, upload } = await requestUpload(lifecycleDeps(runtime), tenantOf(request), body);
        return jsonResponse(201, {
          ...documentView(document),
          upload,
          maxBytes: maxUploadBytes,
        } satisfies UploadTicket);
      } catch (error) {
        if (error instanceof DocumentRejectedError) throw new HttpError(415, error.message, { cause: error });
        if (error instanceof KnowledgeLimitError) throw new HttpError(403, error.message, { cause: error });
        throw error;
      }
    },
  },
  {
    method: 'GET',
    path: '/v1/documents',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const documents = await listDocuments(runtime.table, tenantOf(request));
      return jsonResponse(200, { documents: documents.map((d) => documentView(d)) } satisfies DocumentList);
    },
  },
  {
    method: 'GET',
    path: '/v1/documents/{id}',
    access: ANY_ROLE,
    async handle(request, runtime) {
      return jsonResponse(200, documentView(await ownDocument(request, runtime)));
    },
  },
  {
    method: 'DELETE',
    path: '/v1/documents/{id}',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      await deleteDocument(lifecycleDeps(runtime), await ownDocument(request, runtime));
      return { statusCode: 204 };
    },
  },
  {
    method: 'POST',
    path: '/v1/documents/{id}/reindex',
    access: OWNER_AND_STAFF,
    async handle(request, runtime) {
      const document = await ownDocument(request, runtime);
      const status = await requestReindex(lifecycleDeps(runtime), document);
      return jsonResponse(202, { documentId: document.documentId, status } satisfies ReindexRequested);
    },
  },
  {
    method: 'POST',
    path: '/v1/search',
    access: ANY_ROLE,
    // A read sent by POST (it carries a question): nothing changes, nothing is audited.
    changesState: false,
    body: SearchBodySchema,
    async handle(request, runtime) {
      const { query, k } = request.body as SearchBody;
      const hits = await runtime.knowledge.search(tenantOf(request), query, k);
      return jsonResponse(200, { results: hits } satisfies SearchResults);
    },
  },
];
