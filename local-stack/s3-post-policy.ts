import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import S3Error from 's3rver/lib/models/error.js';
import type S3Object from 's3rver/lib/models/object.js';

/** The fields of a form come before its file (S3 requires the file last) and are small. */
const MAX_FIELDS_BYTES = 256 * 1024;

/**
 * The text fields a multipart form upload sends before its file (s3rver drops `Policy`, so it is
 * read here first), and the whole request body again, unchanged, for s3rver to parse.
 */
export async function readFieldsBeforeFile(
  req: IncomingMessage,
  contentType: string,
): Promise<{ fields: Record<string, string>; body: Readable }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const delimiter = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
  const seen: Buffer[] = [];
  let text = '';
  const iterator = req[Symbol.asyncIterator]();
  while (text.length < MAX_FIELDS_BYTES && !/name="file"/.test(text)) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value as Buffer);
    text += (next.value as Buffer).toString('latin1');
  }
  const fields: Record<string, string> = {};
  const parts = text.split(delimiter).slice(1, -1);
  for (const part of parts) {
    const [head, ...rest] = part.split('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(head ?? '')?.[1];
    if (!name || name === 'file' || /filename=/.test(head ?? '')) break;
    fields[name] = Buffer.from(rest.join('\r\n\r\n').replace(/\r\n$/, ''), 'latin1').toString('utf8');
  }
  const rest = async function* () {
    yield* seen;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value as Buffer;
  };
  return { fields, body: Readable.from(rest(), { objectMode: false }) };
}

/** The parts of a presigned POST policy that S3 checks and s3rver does not. */
interface PostPolicy {
  expiration?: string;
  conditions?: unknown[];
}

const decodePolicy = (encoded: string): PostPolicy => {
  try {
    return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as PostPolicy;
  } catch (error) {
    throw Object.assign(new S3Error('InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.'), {
      cause: error,
    });
  }
};

const lengthRange = (policy: PostPolicy): [number, number] | undefined => {
  const range = policy.conditions?.find(
    (condition): condition is [string, number, number] =>
      Array.isArray(condition) && condition[0] === 'content-length-range',
  );
  return range ? [Number(range[1]), Number(range[2])] : undefined;
};

/**
 * Reads a form upload's file, holding it to its policy as S3 does: refused once the policy has
 * expired (403 AccessDenied) or when the file is outside `content-length-range` (400
 * EntityTooLarge / EntityTooSmall). An oversized body is still read to its end, discarding it,
 * so the client gets the error response rather than a reset connection.
 */
export async function enforcePostPolicy(
  object: S3Object,
  encodedPolicy: string,
  now = Date.now(),
): Promise<Buffer> {
  const policy = decodePolicy(encodedPolicy);
  const content = object.content;
  const drain = async () => {
    if (content && !Buffer.isBuffer(content)) for await (const _ of content as Readable);
  };
  if (policy.expiration && Date.parse(policy.expiration) <= now) {
    await drain();
    throw new S3Error('AccessDenied', 'Invalid according to Policy: Policy expired.');
  }
  const [min, max] = lengthRange(policy) ?? [0, Number.POSITIVE_INFINITY];
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of (Buffer.isBuffer(content)
    ? [content]
    : (content ?? [])) as AsyncIterable<Buffer>) {
    size += part.length;
    if (size <= max) parts.push(part);
  }
  if (size > max) {
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: size,
      MaxSizeAllowed: max,
    });
  }
  if (size < min) {
    throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
      ProposedSize: size,
      MinSizeAllowed: min,
    });
  }
  return Buffer.concat(parts, size);
}
