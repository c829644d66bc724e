import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { safeFilename } from './document-types.js';
import { DocumentRejectedError } from './errors.js';

/** Where uploaded files live: S3 in AWS, s3rver locally. */
export interface DocumentFiles {
  /** A presigned POST that accepts exactly this key, this content type and at most `maxBytes`. */
  presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresSeconds: number;
  }): Promise<{ url: string; fields: Record<string, string> }>;
  /** The whole object, refused (without reading it all) when larger than `maxBytes`. */
  read(key: string, maxBytes: number): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
}

const KEY_PATTERN = /^tenants\/([^/#]+)\/documents\/([^/#]+)\/[^/]+$/;

/**
 * The object key of an uploaded document. The tenant and document ids in it are how the ingest
 * worker finds the document record; the filename is only for people reading the bucket.
 *
 * @example
 * documentObjectKey('t1', 'd1', 'Menú 2024.pdf') // 'tenants/t1/documents/d1/Menu-2024.pdf'
 */
export const documentObjectKey = (tenantId: string, documentId: string, filename: string): string =>
  `tenants/${tenantId}/documents/${documentId}/${safeFilename(filename)}`;

export const parseDocumentObjectKey = (key: string): { tenantId: string; documentId: string } | undefined => {
  const match = KEY_PATTERN.exec(key);
  return match ? { tenantId: match[1]!, documentId: match[2]! } : undefined;
};

export const createS3DocumentFiles = (client: S3Client, bucket: string): DocumentFiles => ({
  async presignUpload({ key, contentType, maxBytes, expiresSeconds }) {
    return createPresignedPost(client, {
      Bucket: bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ['eq', '$Content-Type', contentType],
      ],
      Fields: { 'Content-Type': contentType },
      Expires: expiresSeconds,
    });
  },

  async read(key, maxBytes) {
    let response: GetObjectCommandOutput;
    try {
      response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) {
        throw new DocumentRejectedError('missing-file', 'The uploaded file is gone; upload it again', {
          cause: error,
        });
      }
      throw error;
    }
    const body = response.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if ((response.ContentLength ?? 0) > maxBytes) {
      body?.destroy?.();
      throw tooLarge(maxBytes);
    }
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const part of body ?? []) {
      total += part.byteLength;
      // The declared length is checked above; this guards a body longer than it said.
      if (total > maxBytes) {
        body?.destroy?.();
        throw tooLarge(maxBytes);
      }
      parts.push(part);
    }
    return Buffer.concat(parts, total);
  },

  async remove(key) {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  },
});

export const tooLarge = (maxBytes: number) =>
  new DocumentRejectedError(
    'oversized',
    `The file is larger than the ${readableSize(maxBytes)} limit; split it or remove images, then upload again`,
  );

/** @example readableSize(25 * 1048576) // '25 MB' */
export const readableSize = (bytes: number): string =>
  bytes >= 1048576 ? `${Math.round(bytes / 104857.6) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
