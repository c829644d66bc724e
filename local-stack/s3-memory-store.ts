import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import S3Bucket from 's3rver/lib/models/bucket.js';
import S3Error from 's3rver/lib/models/error.js';
import S3Object from 's3rver/lib/models/object.js';
import type FilesystemStore from 's3rver/lib/stores/filesystem.js';

type Metadata = FilesystemStore.Metadata;
type Subresource = FilesystemStore.SubresourceConfig;

/** The store contract s3rver's controllers call (lib/stores/filesystem.js minus its disk path). */
export type S3rverStore = Omit<FilesystemStore, 'rootDirectory'>;

interface StoredObject {
  content: Buffer;
  md5: string;
  metadata: Metadata;
  lastModified: Date;
  subresources: Map<string, Subresource>;
}

interface Upload {
  key: string;
  metadata: Metadata;
  parts: Map<number, { content: Buffer; md5: string }>;
}

interface StoredBucket {
  created: Date;
  objects: Map<string, StoredObject>;
  subresources: Map<string, Subresource>;
  uploads: Map<string, Upload>;
}

/** The same ENOENT-coded error FilesystemStore lets escape for a missing resource. */
function notFound(what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no such resource in the memory store: ${what}`), {
    code: 'ENOENT',
  });
}

/** S3 orders keys by their UTF-8 bytes, which is not JS (UTF-16) string order. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function md5Hex(content: Buffer): string {
  return createHash('md5').update(content).digest('hex');
}

/** What FilesystemStore.putMetadata keeps: the allowed headers and user metadata. */
function pickStoredMetadata(metadata: Metadata): Metadata {
  const kept: Metadata = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')) kept[name] = value;
  }
  return kept;
}

async function readAll(content: Buffer | Readable | null): Promise<Buffer> {
  if (content === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(content)) return content;
  const chunks: Buffer[] = [];
  for await (const chunk of content)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * An s3rver store that keeps buckets, objects, configurations and multipart uploads in process
 * memory, so that `FRONTDESK_STATE_DIR=:memory:` touches no disk. Mirrors FilesystemStore's
 * behaviour, except that an object's subresources (tagging) go away with the object and
 * completing a multipart upload checks that the listed parts exist with the listed ETags.
 */
export class MemoryStore implements S3rverStore {
  readonly #buckets = new Map<string, StoredBucket>();

  #bucket(bucket: string): StoredBucket {
    const found = this.#buckets.get(bucket);
    if (!found) throw notFound(bucket);
    return found;
  }

  #object(bucket: string, key: string): StoredObject {
    const found = this.#buckets.get(bucket)?.objects.get(key);
    if (!found) throw notFound(`${bucket}/${key}`);
    return found;
  }

  #subresources(bucket: string, key: string | undefined): Map<string, Subresource> | undefined {
    const stored = this.#buckets.get(bucket);
    return key === undefined ? stored?.subresources : stored?.objects.get(key)?.subresources;
  }

  async getMetadata(bucket: string, key: string): Promise<Metadata> {
    const object = this.#object(bucket, key);
    return {
      ...object.metadata,
      etag: JSON.stringify(object.md5),
      'last-modified': object.lastModified.toUTCString(),
      'content-length': object.content.length,
    };
  }

  async putMetadata(bucket: string, key: string, metadata: Metadata, md5?: string): Promise<void> {
    const object = this.#object(bucket, key);
    object.metadata = pickStoredMetadata(metadata);
    if (md5) object.md5 = md5;
  }

  reset(): void {
    this.#buckets.clear();
  }

  async listBuckets(): Promise<S3Bucket[]> {
    return [...this.#buckets.entries()]
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([name, stored]) => new S3Bucket(name, stored.created));
  }

  async getBucket(bucket: string): Promise<S3Bucket | null> {
    const stored = this.#buckets.get(bucket);
    return stored ? new S3Bucket(bucket, stored.created) : null;
  }

  async putBucket(bucket: string): Promise<S3Bucket | null> {
    if (!this.#buckets.has(bucket)) {
      this.#buckets.set(bucket, {
        created: new Date(),
        objects: new Map(),
        subresources: new Map(),
        uploads: new Map(),
      });
    }
    return this.getBucket(bucket);
  }

  async deleteBucket(bucket: string): Promise<void> {
    this.#buckets.delete(bucket);
  }

  async listObjects(
    bucket: string,
    options: FilesystemStore.ListObjectsOptions,
  ): Promise<FilesystemStore.ListObjectsResult> {
    const { delimiter = '', startAfter = '', prefix = '', maxKeys = Number.POSITIVE_INFINITY } = options;
    const stored = this.#bucket(bucket);
    const commonPrefixes = new Set<string>();
    const keys: string[] = [];
    let isTruncated = false;
    for (const key of [...stored.objects.keys()].sort(compareKeys)) {
      if (compareKeys(key, startAfter) <= 0 || !key.startsWith(prefix)) continue;
      if (delimiter) {
        const index = key.slice(prefix.length).indexOf(delimiter);
        if (index !== -1) {
          commonPrefixes.add(key.slice(0, prefix.length + index + 1));
          continue;
        }
      }
      if (keys.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      keys.push(key);
    }
    const objects = await Promise.all(
      keys.map(async (key) => new S3Object(bucket, key, null, await this.getMetadata(bucket, key))),
    );
    return { objects, commonPrefixes: [...commonPrefixes].sort(compareKeys), isTruncated };
  }

  async existsObject(bucket: string, key: string): Promise<boolean> {
    return this.#buckets.get(bucket)?.objects.has(key) ?? false;
  }

  async getObject(
    bucket: string,
    key: string,
    options?: FilesystemStore.RangeOptions,
  ): Promise<S3Object | null> {
    const stored = this.#buckets.get(bucket)?.objects.get(key);
    if (!stored) return null;
    const metadata = await this.getMetadata(bucket, key);
    const lastByte = Math.max(0, stored.content.length - 1);
    const range = {
      start: options?.start || 0,
      end: Math.min(options?.end || Number.POSITIVE_INFINITY, lastByte),
    };
    const isRangeRequest = options !== undefined && (options.start !== undefined || Boolean(options.end));
    const satisfiable = range.start >= 0 && range.end >= range.start;
    const slice = stored.content.subarray(range.start, range.end + 1);
    const content = satisfiable ? Readable.from(slice.length > 0 ? [slice] : []) : null;
    const object = new S3Object(bucket, key, content, metadata);
    if (isRangeRequest) object.range = range;
    return object;
  }

  async putObject(object: S3Object): Promise<FilesystemStore.StoredDigest> {
    const stored = this.#bucket(object.bucket);
    const content = await readAll(object.content);
    const md5 = md5Hex(content);
    stored.objects.set(object.key, {
      content,
      md5,
      metadata: pickStoredMetadata(object.metadata),
      lastModified: new Date(),
      subresources: new Map(),
    });
    return { size: content.length, md5 };
  }

  async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: Metadata | null,
  ): Promise<Metadata> {
    const source = this.#object(srcBucket, srcKey);
    const target = this.#bucket(destBucket);
    const existing = target.objects.get(destKey);
    target.objects.set(destKey, {
      content: source.content,
      md5: source.md5,
      metadata: pickStoredMetadata(replacementMetadata ?? source.metadata),
      lastModified: new Date(),
      subresources: existing && source === existing ? existing.subresources : new Map(),
    });
    return this.getMetadata(destBucket, destKey);
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    this.#buckets.get(bucket)?.objects.delete(key);
  }

  async initiateUpload(bucket: string, key: string, uploadId: string, metadata: Metadata): Promise<void> {
    this.#bucket(bucket).uploads.set(uploadId, { key, metadata: { ...metadata }, parts: new Map() });
  }

  async putPart(
    bucket: string,
    uploadId: string,
    partNumber: number | string,
    content: Readable,
  ): Promise<FilesystemStore.StoredDigest> {
    const upload = this.#bucket(bucket).uploads.get(uploadId);
    if (!upload)
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
    const data = await readAll(content);
    const md5 = md5Hex(data);
    upload.parts.set(Number(partNumber), { content: data, md5 });
    return { size: data.length, md5 };
  }

  async putObjectMultipart(
    bucket: string,
    uploadId: string,
    parts: FilesystemStore.Part[],
  ): Promise<FilesystemStore.StoredDigest> {
    const stored = this.#bucket(bucket);
    const upload = stored.uploads.get(uploadId);
    if (!upload)
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
    const chunks = [...parts]
      .sort((a, b) => a.number - b.number)
      .map((part) => {
        const uploaded = upload.parts.get(part.number);
        if (!uploaded || uploaded.md5 !== part.etag) {
          throw new S3Error('InvalidPart', 'One or more of the specified parts could not be found.', {
            PartNumber: part.number,
          });
        }
        return uploaded.content;
      });
    const result = await this.putObject(
      new S3Object(bucket, upload.key, Buffer.concat(chunks), upload.metadata),
    );
    stored.uploads.delete(uploadId);
    return result;
  }

  async getSubresource(
    bucket: string,
    key: string | undefined,
    resourceType: string,
  ): Promise<Subresource | null> {
    return this.#subresources(bucket, key)?.get(resourceType) ?? null;
  }

  async putSubresource(bucket: string, key: string | undefined, resource: Subresource): Promise<void> {
    const subresources = this.#subresources(bucket, key);
    if (!subresources) throw notFound(key === undefined ? bucket : `${bucket}/${key}`);
    subresources.set(resource.type, resource);
  }

  async deleteSubresource(bucket: string, key: string | undefined, resourceType: string): Promise<void> {
    this.#subresources(bucket, key)?.delete(resourceType);
  }
}
