import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for SSM's GetParameter (AWS JSON 1.1), so the bench can compare a secret
 * read per request with the cached provider without an AWS account. Loopback answers in well
 * under a millisecond; real SSM adds a network round trip on top, so the measured ratio is a floor.
 */
export const startFakeSsm = async (values: Record<string, string>) => {
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls++;
      const { Name } = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { Name?: string };
      const value = Name === undefined ? undefined : values[Name];
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (value === undefined) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ParameterNotFound', message: `${Name} not found` }));
        return;
      }
      res.end(JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: value, Version: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
