import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3Event } from 'aws-lambda';
import FilesystemStore from 's3rver/lib/stores/filesystem.js';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  decodeAwsChunked,
  encodeS3EventKey,
  LOCAL_S3_CREDENTIALS,
  type LocalS3,
  startLocalS3,
} from '../../local-stack/s3.js';

const BUCKET = 'frontdesk-uploads';
const md5 = (data: string | Uint8Array) => createHash('md5').update(data).digest('hex');
/** How a Lambda handler turns a notification key back into the object key. */
const decodeEventKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

const FS_STORE_METHODS = [
  'listBuckets',
  'getBucket',
  'putBucket',
  'deleteBucket',
  'listObjects',
  'existsObject',
  'getObject',
  'putObject',
  'copyObject',
  'deleteObject',
  'initiateUpload',
  'putPart',
  'putObjectMultipart',
  'getSubresource',
  'putSubresource',
  'deleteSubresource',
  'getMetadata',
  'putMetadata',
  'reset',
] as const;

/** Every file path under dir (empty when dir does not exist). */
function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

function clientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: LOCAL_S3_CREDENTIALS,
  });
}

async function postForm(url: string, fields: Record<string, string>, file: Blob, fileName: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, fileName); // S3 ignores fields after the file
  return fetch(url, { method: 'POST', body: form });
}

describe.each(['memory', 'filesystem'] as const)('local S3 (%s store)', (mode) => {
  const events: S3Event[] = [];
  const defaultS3rverDir = path.join(os.tmpdir(), 's3rver');
  const defaultDirBefore = listTree(defaultS3rverDir);
  const fsStoreSpies: MockInstance[] = [];
  let stateDir: string | ':memory:';
  let s3: LocalS3;
  let client: S3Client;

  const eventsFor = (key: string) =>
    events.filter((e) => e.Records[0]?.s3.object.key === encodeS3EventKey(key));

  beforeAll(async () => {
    for (const method of FS_STORE_METHODS) fsStoreSpies.push(vi.spyOn(FilesystemStore.prototype, method));
    stateDir = mode === 'memory' ? ':memory:' : await mkdtemp(path.join(os.tmpdir(), 'frontdesk-local-s3-'));
    s3 = await startLocalS3({ stateDir, port: 0, buckets: [BUCKET], onObjectCreated: (e) => events.push(e) });
    client = clientFor(s3.endpoint);
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.close();
    for (const spy of fsStoreSpies) spy.mockRestore();
    if (stateDir && stateDir !== ':memory:') await rm(stateDir, { recursive: true, force: true });
  });

  it('serves on 127.0.0.1 with the requested store', () => {
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s3.storage).toBe(mode);
  });

  it('puts, gets (whole and ranged), lists by prefix and deletes objects', async () => {
    const put = await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'docs/a.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
      }),
    );
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/sub/b.txt', Body: 'b' }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'other/c.txt', Body: 'c' }));
    expect(put.ETag).toBe(`"${md5('hello world')}"`);

    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello world');
    expect(got.ContentType).toBe('text/plain');
    expect(got.ContentLength).toBe(11);
    const ranged = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt', Range: 'bytes=6-10' }),
    );
    expect(await ranged.Body?.transformToString()).toBe('world');

    const byPrefix = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'docs/' }));
    expect(byPrefix.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ['docs/a.txt', 11],
      ['docs/sub/b.txt', 1],
    ]);
    const delimited = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'docs/', Delimiter: '/' }),
    );
    expect(delimited.Contents?.map((o) => o.Key)).toEqual(['docs/a.txt']);
    expect(delimited.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/sub/']);
    const firstPage = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 2 }));
    expect(firstPage.Contents?.map((o) => o.Key)).toEqual(['docs/a.txt', 'docs/sub/b.txt']);
    expect(firstPage.IsTruncated).toBe(true);
    const secondPage = await client.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        MaxKeys: 2,
        ContinuationToken: firstPage.NextContinuationToken,
      }),
    );
    expect(secondPage.Contents?.map((o) => o.Key)).toEqual(['other/c.txt']);
    expect(secondPage.IsTruncated).toBe(false);
    expect(secondPage.ContinuationToken).toBe(firstPage.NextContinuationToken);

    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' }));
    await expect(
      client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    const after = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'docs/' }));
    expect(after.Contents?.map((o) => o.Key)).toEqual(['docs/sub/b.txt']);

    const [putEvent] = eventsFor('docs/a.txt');
    expect(eventsFor('docs/a.txt')).toHaveLength(1); // the delete raised no object-created event
    expect(putEvent?.Records[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: {
        bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` },
        object: { size: 11, eTag: md5('hello world') },
      },
    });
  });

  it('stores stream bodies (sent aws-chunked by the SDK) without the chunk framing', async () => {
    const put = await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'streamed.txt',
        Body: Readable.from([Buffer.from('streamed '), Buffer.from('body')]),
        ContentLength: 13,
        ContentType: 'text/plain',
      }),
    );
    expect(put.ETag).toBe(`"${md5('streamed body')}"`);
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'streamed.txt' }));
    expect(await got.Body?.transformToString()).toBe('streamed body');
    expect(got.ContentEncoding).toBeUndefined();
    expect(eventsFor('streamed.txt')[0]?.Records[0]?.s3.object).toMatchObject({
      size: 13,
      eTag: md5('streamed body'),
    });
  });

  it('accepts a real multipart/form-data upload to a presigned POST and notifies with the encoded key', async () => {
    const key = `uploads/tenant-1/Menú del día ${mode}.pdf`;
    const body = new TextEncoder().encode(`%PDF-1.4 menu for ${mode}`);
    const { url, fields } = await createPresignedPost(client, {
      Bucket: BUCKET,
      Key: key,
      Conditions: [
        ['content-length-range', 1, 1024],
        ['starts-with', '$key', 'uploads/tenant-1/'],
        { 'Content-Type': 'application/pdf' },
      ],
      Fields: { 'Content-Type': 'application/pdf' },
      Expires: 300,
    });
    expect(url).toBe(`${s3.endpoint}/${BUCKET}`);

    const response = await postForm(url, fields, new Blob([body], { type: 'application/pdf' }), 'menu.pdf');
    expect(response.status).toBe(204);
    expect(decodeURIComponent(new URL(response.headers.get('location') ?? '').pathname)).toBe(
      `/${BUCKET}/${key}`,
    );

    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from(body));
    expect(got.ContentType).toBe('application/pdf');

    const received = eventsFor(key);
    expect(received).toHaveLength(1);
    const record = received[0]!.Records[0]!;
    expect(record.eventName).toBe('ObjectCreated:Post');
    expect(record.s3.bucket.name).toBe(BUCKET);
    expect(record.s3.object.key).toBe(`uploads/tenant-1/Men%C3%BA+del+d%C3%ADa+${mode}.pdf`);
    expect(decodeEventKey(record.s3.object.key)).toBe(key);
    expect(record.s3.object.size).toBe(body.byteLength);
    expect(record.s3.object.eTag).toBe(md5(body));
  });

  it('notifies for copies and completed multipart uploads', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'src (1).txt', Body: 'copy me' }));
    await client.send(
      new CopyObjectCommand({
        Bucket: BUCKET,
        Key: 'dest/copied.txt',
        CopySource: `${BUCKET}/src%20%281%29.txt`,
      }),
    );
    const copied = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'dest/copied.txt' }));
    expect(await copied.Body?.transformToString()).toBe('copy me');
    expect(eventsFor('src (1).txt')[0]?.Records[0]?.s3.object.key).toBe('src+%281%29.txt');
    expect(eventsFor('dest/copied.txt')[0]?.Records[0]).toMatchObject({
      eventName: 'ObjectCreated:Copy',
      s3: { bucket: { name: BUCKET }, object: { key: 'dest/copied.txt', size: 7, eTag: md5('copy me') } },
    });

    const key = 'big/combined.bin';
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const parts = [];
    for (const [index, chunk] of ['part-one|', 'part-two'].entries()) {
      // The second part is a stream, which the SDK sends aws-chunked with a trailing checksum.
      const Body = index === 0 ? chunk : Readable.from([Buffer.from(chunk)]);
      const { ETag } = await client.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId,
          PartNumber: index + 1,
          Body,
          ContentLength: chunk.length,
        }),
      );
      parts.push({ ETag, PartNumber: index + 1 });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const combined = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await combined.Body?.transformToString()).toBe('part-one|part-two');
    expect(eventsFor(key).map((e) => e.Records[0]?.eventName)).toEqual([
      'ObjectCreated:CompleteMultipartUpload',
    ]);
    expect(eventsFor(key)[0]?.Records[0]?.s3.object).toMatchObject({
      size: 17,
      eTag: md5('part-one|part-two'),
    });
  });

  it("enforces a presigned POST's size range and expiry, as S3 does, but not its key prefix, content type or signature", async () => {
    const { url, fields } = await createPresignedPost(client, {
      Bucket: BUCKET,
      Key: 'uploads/tenant-1/small.pdf',
      Conditions: [
        ['content-length-range', 1, 10],
        ['starts-with', '$key', 'uploads/tenant-1/'],
        { 'Content-Type': 'application/pdf' },
      ],
      Fields: { 'Content-Type': 'application/pdf' },
      Expires: 300,
    });
    const tooBig = await postForm(url, fields, new Blob(['x'.repeat(2048)]), 'small.pdf');
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain('<Code>EntityTooLarge</Code>');
    const empty = await postForm(url, fields, new Blob([]), 'small.pdf');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('<Code>EntityTooSmall</Code>');
    await expect(
      client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'uploads/tenant-1/small.pdf' })),
    ).rejects.toThrow();

    const violating = {
      ...fields,
      key: 'elsewhere/wrong.exe',
      'Content-Type': 'application/x-msdownload',
      'X-Amz-Signature': '0'.repeat(64),
    };
    expect((await postForm(url, violating, new Blob(['x'.repeat(8)]), 'wrong.exe')).status).toBe(204);
    const stored = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'elsewhere/wrong.exe' }));
    expect(stored.ContentLength).toBe(8);
    expect(stored.ContentType).toBe('application/x-msdownload');

    const expired = await createPresignedPost(client, { Bucket: BUCKET, Key: 'late.txt', Expires: -1 });
    const late = await postForm(expired.url, expired.fields, new Blob(['late']), 'late.txt');
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Policy expired');

    // A form without a policy is taken as it is.
    expect((await postForm(url, { key: 'anonymous.txt' }, new Blob(['anon']), 'a.txt')).status).toBe(204);
  });

  it(
    mode === 'memory'
      ? 'keeps everything in memory: the filesystem store is never called and s3rver’s default dir is untouched'
      : 'stores objects under <stateDir>/s3 and keeps them across restarts',
    async () => {
      const fsStoreCalls = fsStoreSpies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
      if (mode === 'memory') {
        expect(fsStoreCalls).toBe(0);
        expect(listTree(defaultS3rverDir)).toEqual(defaultDirBefore);
        return;
      }
      expect(fsStoreCalls).toBeGreaterThan(0); // the spies do observe the filesystem store
      const dir = stateDir as string;
      expect(existsSync(path.join(dir, 's3', BUCKET, 'docs', 'sub', 'b.txt._S3rver_object'))).toBe(true);
      const again = await startLocalS3({ stateDir: dir, buckets: [BUCKET] });
      const againClient = clientFor(again.endpoint);
      try {
        const got = await againClient.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/sub/b.txt' }));
        expect(await got.Body?.transformToString()).toBe('b');
      } finally {
        againClient.destroy();
        await again.close();
      }
    },
  );
});

describe('local S3 lifecycle', () => {
  it('starts each :memory: instance empty', async () => {
    const first = await startLocalS3({ stateDir: ':memory:', buckets: [BUCKET] });
    const firstClient = clientFor(first.endpoint);
    await firstClient.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v' }));
    firstClient.destroy();
    await first.close();

    const second = await startLocalS3({ stateDir: ':memory:', buckets: [BUCKET] });
    const secondClient = clientFor(second.endpoint);
    try {
      const listed = await secondClient.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      expect(listed.KeyCount).toBe(0);
    } finally {
      secondClient.destroy();
      await second.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const first = await startLocalS3({ stateDir: ':memory:', buckets: [] });
    try {
      const port = Number(new URL(first.endpoint).port);
      await expect(startLocalS3({ stateDir: ':memory:', port, buckets: [] })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
    }
  });

  it('decodes aws-chunked bodies, signed or with trailers', () => {
    const signed =
      '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=ghi\r\n\r\n';
    expect(decodeAwsChunked(Buffer.from(signed)).toString()).toBe('hello world');
    const trailer = '3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n';
    expect(decodeAwsChunked(Buffer.from(trailer)).toString()).toBe('abc');
    expect(() => decodeAwsChunked(Buffer.from('zz\r\nabc'))).toThrow(/malformed/);
    expect(() => decodeAwsChunked(Buffer.from('10\r\nabc'))).toThrow(/malformed/);
  });

  it('encodes notification keys like S3 (form encoding, "/" kept)', () => {
    expect(encodeS3EventKey('a b/ç+d=e(1)~*.txt')).toBe('a+b/%C3%A7%2Bd%3De%281%29%7E*.txt');
    expect(decodeEventKey(encodeS3EventKey('a b/ç+d=e(1)~*.txt'))).toBe('a b/ç+d=e(1)~*.txt');
  });
});
