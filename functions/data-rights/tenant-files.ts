import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/**
 * A business's objects in the uploads bucket, for its data rights: what it uploaded
 * (`tenants/<id>/`) and the archives it exported (`exports/<id>/`, outside the prefix that feeds
 * the ingest queue, so an archive is never taken for a document).
 */
export interface TenantFiles {
  list(prefix: string): Promise<string[]>;
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** A GET link that works for `seconds`, downloading as `filename`. */
  presignDownload(key: string, seconds: number, filename: string): Promise<string>;
  removeAll(prefix: string): Promise<number>;
}

export const exportObjectKey = (tenantId: string, exportId: string) => `exports/${tenantId}/${exportId}.zip`;
export const tenantObjectPrefixes = (tenantId: string) => [`tenants/${tenantId}/`, `exports/${tenantId}/`];

export const createS3TenantFiles = (client: S3Client, bucket: string): TenantFiles => {
  const list = async (prefix: string) => {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      found.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  };
  return {
    list,
    async get(key) {
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return response.Body ? await response.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
          return undefined;
        throw error;
      }
    },
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
    },
    presignDownload: (key, seconds, filename) =>
      getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentDisposition: `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
        }),
        { expiresIn: seconds },
      ),
    async removeAll(prefix) {
      const objects = await list(prefix);
      for (let i = 0; i < objects.length; i += 1000) {
        await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: objects.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
          }),
        );
      }
      return objects.length;
    },
  };
};
