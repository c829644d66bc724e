import * as z from 'zod';

/** A document waits for its file, is read, is ready to answer from, or failed (with a reason). */
export const DOCUMENT_STATUSES = ['pending', 'processing', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** A document (an uploaded file, or a fact taught by chat) as the owner sees it. */
export const DocumentViewSchema = z.strictObject({
  documentId: z.string(),
  kind: z.enum(['file', 'snippet']),
  filename: z.string().nullable(),
  /** A chat fact's text, or the start of a file's text. */
  preview: z.string().nullable(),
  status: z.enum(DOCUMENT_STATUSES),
  /** Why it failed, in the owner's words. */
  reason: z.string().nullable(),
  /** Whether reindexing can help (a file that failed for what it is needs a new upload). */
  canReindex: z.boolean(),
  chunks: z.number(),
  size: z.number().nullable(),
  pages: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentView = z.infer<typeof DocumentViewSchema>;

export const DocumentListSchema = z.strictObject({ documents: z.array(DocumentViewSchema) });
export type DocumentList = z.infer<typeof DocumentListSchema>;

/** A presigned POST: send `fields` and then the file, as multipart, to `url`. */
export const PresignedUploadSchema = z.strictObject({
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.string(),
});
export type PresignedUpload = z.infer<typeof PresignedUploadSchema>;

/** `POST /v1/documents` (201): the pending document and where to send its file. */
export const UploadTicketSchema = DocumentViewSchema.extend({
  upload: PresignedUploadSchema,
  /** The stage's largest upload, in bytes. */
  maxBytes: z.number(),
});
export type UploadTicket = z.infer<typeof UploadTicketSchema>;

/** `POST /v1/documents/{id}/reindex` (202). */
export const ReindexRequestedSchema = z.strictObject({
  documentId: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
});
export type ReindexRequested = z.infer<typeof ReindexRequestedSchema>;

/** One retrieved passage; `score` is relevance in [0, 1], comparable within one index kind. */
export const SearchHitSchema = z.strictObject({
  documentId: z.string(),
  chunk: z.number(),
  score: z.number(),
  text: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultsSchema = z.strictObject({ results: z.array(SearchHitSchema) });
export type SearchResults = z.infer<typeof SearchResultsSchema>;
