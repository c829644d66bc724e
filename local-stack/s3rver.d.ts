// Minimal typings for the parts of s3rver 3.7 (CommonJS, untyped) that the local stack uses.
// Shapes follow node_modules/s3rver/lib; only what local-stack/s3*.ts touches is declared.

declare module 's3rver/lib/models/object.js' {
  import type { Readable } from 'node:stream';

  /** Lower-cased header names (content-type, x-amz-meta-*, etag, last-modified, content-length). */
  type S3ObjectMetadata = Record<string, string | number>;

  class S3Object {
    static readonly ALLOWED_METADATA: readonly string[];
    constructor(bucket: string, key: string, content: Buffer | Readable | null, metadata: S3ObjectMetadata);
    bucket: string;
    key: string;
    content: Buffer | Readable | null;
    metadata: S3ObjectMetadata;
    range?: { start: number; end: number };
    readonly size: number;
    readonly lastModifiedDate: Date;
  }
  export = S3Object;
}

declare module 's3rver/lib/models/bucket.js' {
  class S3Bucket {
    constructor(name: string, creationDate: Date);
    name: string;
    creationDate: Date;
  }
  export = S3Bucket;
}

declare module 's3rver/lib/models/error.js' {
  class S3Error extends Error {
    constructor(code: string, message?: string, detail?: Record<string, string | number>);
    code: string;
    status: number;
  }
  export = S3Error;
}

declare module 's3rver/lib/models/config.js' {
  import type FilesystemStore from 's3rver/lib/stores/filesystem.js';

  /** Parses and checks a bucket configuration document (lib/models/config.js). */
  export function getConfigModel(type: 'cors' | 'website' | 'tagging'): {
    validate(xml: string): FilesystemStore.SubresourceConfig;
  };
}

declare module 's3rver/lib/stores/filesystem.js' {
  import type { Readable } from 'node:stream';
  import type S3Bucket from 's3rver/lib/models/bucket.js';
  import type S3Object from 's3rver/lib/models/object.js';

  namespace FilesystemStore {
    type Metadata = Record<string, string | number>;
    /** A bucket/object configuration (cors, website, tagging) from lib/models/config.js. */
    interface SubresourceConfig {
      readonly type: string;
      toXML(space?: number): string;
    }
    interface ListObjectsOptions {
      delimiter?: string;
      startAfter?: string;
      prefix?: string;
      maxKeys?: number;
    }
    interface ListObjectsResult {
      objects: S3Object[];
      commonPrefixes: string[];
      isTruncated: boolean;
    }
    interface RangeOptions {
      start?: number;
      end?: number;
    }
    interface StoredDigest {
      size: number;
      md5: string;
    }
    interface Part {
      number: number;
      etag: string;
    }
  }

  class FilesystemStore {
    constructor(rootDirectory: string);
    rootDirectory: string;
    getMetadata(bucket: string, key: string): Promise<FilesystemStore.Metadata>;
    putMetadata(bucket: string, key: string, metadata: FilesystemStore.Metadata, md5?: string): Promise<void>;
    reset(): void;
    listBuckets(): Promise<S3Bucket[]>;
    getBucket(bucket: string): Promise<S3Bucket | null>;
    putBucket(bucket: string): Promise<S3Bucket | null>;
    deleteBucket(bucket: string): Promise<void>;
    listObjects(
      bucket: string,
      options: FilesystemStore.ListObjectsOptions,
    ): Promise<FilesystemStore.ListObjectsResult>;
    existsObject(bucket: string, key: string): Promise<boolean>;
    getObject(bucket: string, key: string, options?: FilesystemStore.RangeOptions): Promise<S3Object | null>;
    putObject(object: S3Object): Promise<FilesystemStore.StoredDigest>;
    copyObject(
      srcBucket: string,
      srcKey: string,
      destBucket: string,
      destKey: string,
      replacementMetadata: FilesystemStore.Metadata | null,
    ): Promise<FilesystemStore.Metadata>;
    deleteObject(bucket: string, key: string): Promise<void>;
    initiateUpload(
      bucket: string,
      key: string,
      uploadId: string,
      metadata: FilesystemStore.Metadata,
    ): Promise<void>;
    putPart(
      bucket: string,
      uploadId: string,
      partNumber: number | string,
      content: Readable,
    ): Promise<FilesystemStore.StoredDigest>;
    putObjectMultipart(
      bucket: string,
      uploadId: string,
      parts: FilesystemStore.Part[],
    ): Promise<FilesystemStore.StoredDigest>;
    getSubresource(
      bucket: string,
      key: string | undefined,
      resourceType: string,
    ): Promise<FilesystemStore.SubresourceConfig | null>;
    putSubresource(
      bucket: string,
      key: string | undefined,
      resource: FilesystemStore.SubresourceConfig,
    ): Promise<void>;
    deleteSubresource(bucket: string, key: string | undefined, resourceType: string): Promise<void>;
  }
  export = FilesystemStore;
}

declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  namespace S3rver {
    interface Options {
      address?: string;
      port?: number;
      silent?: boolean;
      serviceEndpoint?: string;
      directory?: string;
      resetOnClose?: boolean;
      allowMismatchedSignatures?: boolean;
      vhostBuckets?: boolean;
    }
    /** The subset of a Koa context the local stack reads. */
    interface Context {
      method: string;
      path: string;
      headers: Record<string, string | string[] | undefined>;
      /** Assigning replaces the query string. */
      query: Record<string, string | string[] | undefined>;
      status: number;
      /** A plain object until s3rver's XML middleware serialises it. */
      body: unknown;
      /** The request; s3rver pipes it into its form parser for POST uploads. */
      req: IncomingMessage;
    }
    type Middleware = ((ctx: Context, next: () => Promise<void>) => Promise<void>) & { router?: unknown };
    /** The raw notification s3rver builds in lib/models/event.js. */
    interface RawEvent {
      Records: Array<{
        eventName: string;
        eventTime: string;
        requestParameters: { sourceIPAddress: string };
        s3: {
          bucket: { name: string };
          object: { key: string; size?: number; eTag?: string; sequencer: string };
        };
      }>;
    }
  }

  class S3rver extends EventEmitter {
    constructor(options?: S3rver.Options);
    /** Used by the bucket-exists check (ctx.app.store). */
    store: unknown;
    /** Koa's context prototype; controllers read ctx.store. */
    context: { store: unknown };
    /** Koa's middleware stack, composed when getMiddleware()/callback() is called. */
    middleware: S3rver.Middleware[];
    /** The winston logger s3rver creates (console transport, muted by silent: true). */
    logger: { close(): void };
    getMiddleware(): (req: IncomingMessage, res: ServerResponse) => void;
  }
  export = S3rver;
}
