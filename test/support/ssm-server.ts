import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server that speaks the part of SSM's JSON protocol Frontdesk uses (GetParameter,
 * PutParameter, DeleteParameter), keeping SecureStrings in memory and every request's headers.
 */
export const startSsmServer = async (initial: Record<string, string> = {}) => {
  const parameters = new Map(Object.entries(initial));
  const requests: Array<{ operation: string; headers: IncomingHttpHeaders; input: Record<string, unknown> }> =
    [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSSM\./, '');
      const input = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
      requests.push({ operation, headers: req.headers, input });
      const name = String(input.Name);
      const reply = (status: number, body: unknown) => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(JSON.stringify(body));
      };
      const notFound = () => reply(400, { __type: 'ParameterNotFound', message: `${name} not found` });
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        return reply(400, { __type: 'MissingAuthenticationTokenException', message: 'unsigned' });
      }
      // A path the role may not read, as IAM would refuse it.
      if (name.startsWith('/denied/')) {
        return reply(400, {
          __type: 'com.amazonaws.ssm#AccessDeniedException',
          message: `not authorized on ${name}`,
        });
      }
      if (operation === 'GetParameter') {
        const value = parameters.get(name);
        return value === undefined
          ? notFound()
          : reply(200, { Parameter: { Name: name, Type: 'SecureString', Value: value, Version: 1 } });
      }
      if (operation === 'PutParameter') {
        parameters.set(name, String(input.Value));
        return reply(200, { Version: 1, Tier: 'Standard' });
      }
      if (operation === 'DeleteParameter') {
        if (!parameters.delete(name)) return notFound();
        return reply(200, {});
      }
      return reply(400, { __type: 'InvalidAction', message: `${operation} is not served here` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    parameters,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
