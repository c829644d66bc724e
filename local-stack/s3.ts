import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import S3rver from 's3rver';
import { getConfigModel } from 's3rver/lib/models/config.js';
import FilesystemStore from 's3rver/lib/stores/filesystem.js';
import { MemoryStore, type S3rverStore } from './s3-memory-store.js';
import { enforcePostPolicy, readFieldsBeforeFile } from './s3-post-policy.js';

/** s3rver's built-in account (lib/models/account.js); any other key is rejected. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface LocalS3Logger {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export interface LocalS3Options {
  /** A directory (objects go under `<stateDir>/s3`) or ':memory:' (nothing touches the disk). */
  stateDir: string | ':memory:';
  /** 0 or omitted picks a free port. */
  port?: number;
  buckets: string[];
  /**
   * Called once per created object (PUT, POST form, copy, multipart completion); a returned promise
   * is awaited before the creating request's response is sent. Failures are logged, not retried.
   */
  onObjectCreated?: (event: S3Event) => unknown;
  logger?: LocalS3Logger;
  /** Browser origins allowed to POST to the buckets (the console's presigned uploads), as S3 CORS. */
  corsOrigins?: readonly string[];
}

export interface LocalS3 {
  /** e.g. http://127.0.0.1:43121; use with forcePathStyle: true. */
  endpoint: string;
  /** Which s3rver store holds the objects. */
  storage: 'filesystem' | 'memory';
  close(): Promise<void>;
}

const quietLogger: LocalS3Logger = {
  debug() {},
  info() {},
  warn: (message, ...extra) => console.warn(message, ...extra),
  error: (message, ...extra) => console.error(message, ...extra),
};

/**
 * Encodes a key as S3 notifications do (form-urlencoded, '/' kept): 'a b/é.pdf' -> 'a+b/%C3%A9.pdf'.
 * Consumers decode with decodeURIComponent(key.replace(/\+/g, ' ')).
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

type RawRecord = S3rver.RawEvent['Records'][number];
interface RequestScope {
  completesMultipart: boolean;
  /** The SDK's default for stream bodies (trailing checksums); s3rver would store the framing. */
  isAwsChunked: boolean;
  isListV2: boolean;
  /** A form upload's `Policy` field (base64 JSON), which s3rver would ignore. */
  postPolicy?: string;
  /** Set when a ListObjectsV2 page was cut short: the last key returned. */
  truncatedAfter?: string;
  created: RawRecord[];
}
interface ListBucketBody {
  ListBucketResult: Record<string, unknown>;
}

/** Strips aws-chunked framing: `<hex>[;chunk-signature=…]\r\n<data>\r\n` … `0…\r\n<trailers>`. */
export function decodeAwsChunked(body: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    const size = Number.parseInt(body.toString('latin1', offset, lineEnd).split(';')[0] ?? '', 16);
    if (lineEnd === -1 || !Number.isInteger(size) || lineEnd + 2 + size > body.length) {
      throw new Error('local s3: malformed aws-chunked body');
    }
    if (size === 0) return Buffer.concat(chunks);
    chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

function withoutAwsChunked(contentEncoding: string | number | undefined): string | undefined {
  const rest = String(contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding && coding !== 'aws-chunked');
  return rest.length > 0 ? rest.join(',') : undefined;
}

const continuationToken = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const keyOfContinuationToken = (token: string) => Buffer.from(token, 'base64url').toString('utf8');

function createdEventName(raw: RawRecord, scope: RequestScope | undefined): string | undefined {
  if (!raw.eventName.startsWith('ObjectCreated:')) return undefined;
  // s3rver labels a completed multipart upload 'Post', like a form upload; S3 does not.
  return scope?.completesMultipart ? 'ObjectCreated:CompleteMultipartUpload' : raw.eventName;
}

function toRecord(raw: RawRecord, eventName: string, eTag: string): S3EventRecord {
  const bucket = raw.s3.bucket.name;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: raw.eventTime,
    eventName,
    userIdentity: { principalId: 'AWS:S3RVER' },
    requestParameters: { sourceIPAddress: raw.requestParameters.sourceIPAddress },
    responseElements: {
      'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-amz-id-2': randomBytes(32).toString('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local-object-created',
      bucket: { name: bucket, ownerIdentity: { principalId: 'S3RVER' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encodeS3EventKey(raw.s3.object.key),
        size: raw.s3.object.size ?? 0,
        eTag,
        sequencer: raw.s3.object.sequencer,
      },
    },
  };
}

/** The same rule the uploads bucket has in AWS: POST from the named origins. */
const corsFor = (origins: readonly string[]) =>
  getConfigModel('cors').validate(
    `<CORSConfiguration><CORSRule>${origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('')}` +
      '<AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>' +
      '<MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>',
  );

/** Starts s3rver on 127.0.0.1 with the given buckets and object-created notifications. */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const logger = options.logger ?? quietLogger;
  let store: S3rverStore;
  if (options.stateDir === ':memory:') {
    store = new MemoryStore();
  } else {
    const directory = path.join(options.stateDir, 's3');
    await mkdir(directory, { recursive: true });
    store = new FilesystemStore(directory);
  }

  // `directory` is never used: the store is replaced below, before any request is served.
  const server = new S3rver({ silent: true, resetOnClose: false, vhostBuckets: false });
  server.store = store;
  server.context.store = store;
  for (const bucket of options.buckets) {
    await store.putBucket(bucket);
    if (options.corsOrigins?.length)
      await store.putSubresource(bucket, undefined, corsFor(options.corsOrigins));
  }

  // Koa emits every failed request here; client errors (NoSuchKey on a HEAD...) are routine, and
  // so is a reader that stops early (the ingest worker refusing an oversized file).
  server.on('error', (err: Error & { status?: number; code?: string }) => {
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ERR_STREAM_PREMATURE_CLOSE')
      logger.debug(`local s3: the client closed the connection early (${err.code})`);
    else if ((err.status ?? 500) >= 500) logger.error('local s3: request failed', err);
    else logger.debug(`local s3: ${err.message}`);
  });

  const requests = new AsyncLocalStorage<RequestScope>();
  const dispatch = async (raw: RawRecord, scope: RequestScope | undefined): Promise<void> => {
    const eventName = createdEventName(raw, scope);
    if (!eventName || !options.onObjectCreated) return;
    try {
      // s3rver leaves the ETag out of copy notifications; the store has it.
      const eTag =
        raw.s3.object.eTag ??
        JSON.parse(String((await store.getMetadata(raw.s3.bucket.name, raw.s3.object.key)).etag));
      await options.onObjectCreated({ Records: [toRecord(raw, eventName, eTag)] });
    } catch (err) {
      logger.error('local s3: onObjectCreated failed', err);
    }
  };
  server.on('event', (event: S3rver.RawEvent) => {
    const scope = requests.getStore();
    for (const raw of event.Records) {
      if (scope) scope.created.push(raw);
      else void dispatch(raw, undefined);
    }
  });

  // s3rver's ListObjectsV2 continuation tokens use DES, which OpenSSL 3 (Node >= 17) lacks: a
  // truncated page fails with InternalError. Hide the truncation from s3rver and mark the page here,
  // with a token that is just the base64url of the last key (answered as start-after).
  const listObjects = store.listObjects.bind(store);
  store.listObjects = async (bucket, listOptions) => {
    const result = await listObjects(bucket, listOptions);
    const scope = requests.getStore();
    const lastKey = result.objects.at(-1)?.key;
    if (!scope?.isListV2 || !result.isTruncated || lastKey === undefined) return result;
    scope.truncatedAfter = lastKey;
    return { ...result, isTruncated: false };
  };

  // s3rver stores aws-chunked bodies verbatim, framing and trailers included: decode them first.
  // s3rver ignores a form upload's policy (read from the form below): hold the file to it.
  const putObject = store.putObject.bind(store);
  store.putObject = async (object) => {
    const policy = requests.getStore()?.postPolicy;
    if (policy !== undefined) object.content = await enforcePostPolicy(object, policy);
    if (requests.getStore()?.isAwsChunked && object.content && !Buffer.isBuffer(object.content)) {
      object.content = decodeAwsChunked(await buffer(object.content));
      const contentEncoding = withoutAwsChunked(object.metadata['content-encoding']);
      if (contentEncoding) object.metadata['content-encoding'] = contentEncoding;
      else delete object.metadata['content-encoding'];
    }
    return putObject(object);
  };
  const putPart = store.putPart.bind(store);
  store.putPart = async (bucket, uploadId, partNumber, content) =>
    requests.getStore()?.isAwsChunked
      ? putPart(bucket, uploadId, partNumber, Readable.from([decodeAwsChunked(await buffer(content))]))
      : putPart(bucket, uploadId, partNumber, content);

  // Runs just inside s3rver's XML serialiser, so ctx.body is still an object on the way out.
  // Notifications raised while handling a request are delivered when the handler is done and
  // before the response goes out, so a client that saw 2xx can rely on them.
  const router = server.middleware.at(-1);
  if (!router?.router) throw new Error('local s3: unexpected s3rver middleware stack');
  server.middleware.splice(-1, 0, async (ctx, next) => {
    const scope: RequestScope = {
      completesMultipart: ctx.method === 'POST' && 'uploadId' in ctx.query,
      isAwsChunked:
        String(ctx.headers['content-encoding'] ?? '').includes('aws-chunked') ||
        String(ctx.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-'),
      isListV2: ctx.method === 'GET' && ctx.query['list-type'] === '2',
      created: [],
    };
    const contentType = String(ctx.headers['content-type'] ?? '');
    if (ctx.method === 'POST' && contentType.startsWith('multipart/form-data')) {
      const form = await readFieldsBeforeFile(ctx.req, contentType);
      scope.postPolicy = form.fields.Policy ?? form.fields.policy;
      // s3rver pipes ctx.req into its form parser: hand it every byte again.
      ctx.req = form.body as unknown as IncomingMessage;
    }
    const { 'continuation-token': token, ...query } = ctx.query;
    const startAfter = query['start-after'];
    if (scope.isListV2 && typeof token === 'string') {
      ctx.query = { ...query, 'start-after': keyOfContinuationToken(token) };
    }
    try {
      await requests.run(scope, next);
    } finally {
      for (const raw of scope.created) await dispatch(raw, scope);
    }
    const body = ctx.body as Partial<ListBucketBody> | undefined;
    if (scope.isListV2 && body?.ListBucketResult) {
      if (typeof token === 'string')
        Object.assign(body.ListBucketResult, { ContinuationToken: token, StartAfter: startAfter });
      if (scope.truncatedAfter !== undefined) {
        Object.assign(body.ListBucketResult, {
          IsTruncated: true,
          NextContinuationToken: continuationToken(scope.truncatedAfter),
        });
      }
    }
  });

  const httpServer = createServer(server.getMiddleware());
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, '127.0.0.1', () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    server.logger.close();
    throw err;
  }
  httpServer.on('error', (err) => logger.error('local s3: server error', err));
  const { port } = httpServer.address() as AddressInfo;
  const storage = store instanceof MemoryStore ? 'memory' : 'filesystem';
  logger.debug(`local s3: listening on http://127.0.0.1:${port} (${storage} store)`);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    storage,
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.close((err) => {
          server.logger.close();
          if (err) reject(err);
          else resolve();
        });
        httpServer.closeIdleConnections();
      }),
  };
}
