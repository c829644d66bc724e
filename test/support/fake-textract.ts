import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
  });

export interface TextractCall {
  operation: string;
  body: Record<string, unknown>;
}

/** A LINE block as Textract returns it. */
export const textractLine = (text: string, page: number, top: number, confidence = 99) => ({
  BlockType: 'LINE',
  Text: text,
  Page: page,
  Confidence: confidence,
  Geometry: { BoundingBox: { Top: top, Height: 0.02, Left: 0.1, Width: 0.5 } },
});

/**
 * What Textract answers to image bytes it will not read: only JPEG and PNG, at most 5 MB (so a
 * HEIC photo sent as it is fails here as it would in AWS).
 */
const refuseBytes = (base64: string | undefined) => {
  if (base64 === undefined) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength > 5 * 1024 * 1024)
    return { __type: 'DocumentTooLargeException', message: 'Document is too large' };
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 4).toString('latin1') === '\x89PNG';
  return jpeg || png
    ? undefined
    : { __type: 'UnsupportedDocumentException', message: 'Request has unsupported document format' };
};

/**
 * A local server that speaks Amazon Textract's JSON protocol (`X-Amz-Target: Textract.<Op>`),
 * for the real `@aws-sdk/client-textract` to call: text detection of a photo, and an
 * asynchronous job for a PDF that is IN_PROGRESS on its first poll and pages its blocks in two.
 */
export const startFakeTextract = async (pages: ReturnType<typeof textractLine>[][]) => {
  const calls: TextractCall[] = [];
  let polls = 0;
  const server = createServer(async (req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace('Textract.', '');
    const body = JSON.parse((await read(req)) || '{}');
    calls.push({ operation, body });
    const reply = (json: unknown) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(json));
    };
    if (operation === 'DetectDocumentText') {
      const refusal = refuseBytes(body.Document?.Bytes);
      if (refusal) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        return res.end(JSON.stringify(refusal));
      }
      return reply({ Blocks: pages[0] ?? [] });
    }
    if (operation === 'StartDocumentTextDetection') return reply({ JobId: 'job-1' });
    if (operation === 'GetDocumentTextDetection') {
      if (++polls === 1) return reply({ JobStatus: 'IN_PROGRESS' });
      const all = pages.flat();
      const half = Math.ceil(all.length / 2);
      return body.NextToken
        ? reply({
            JobStatus: 'SUCCEEDED',
            Blocks: all.slice(half),
            DocumentMetadata: { Pages: pages.length },
          })
        : reply({
            JobStatus: 'SUCCEEDED',
            Blocks: all.slice(0, half),
            NextToken: 'page-2',
            DocumentMetadata: { Pages: pages.length },
          });
    }
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ __type: 'InvalidParameterException', message: `unknown ${operation}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
