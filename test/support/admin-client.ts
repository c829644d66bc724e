import type { LocalStack } from '../../local-stack/stack.js';

export const PLATFORM_KEY = 'platform-test-key';

/** Calls the admin API as one key, returning status and parsed JSON. */
export const adminClient = (stack: LocalStack, key: string) => ({
  async call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered.
    const json: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, json };
  },
});

/** Creates a tenant with the platform key and returns a client holding its new API key. */
export async function createTenantClient(stack: LocalStack, name: string) {
  const { status, json } = await adminClient(stack, PLATFORM_KEY).call('POST', '/v1/tenants', { name });
  if (status !== 201) throw new Error(`POST /v1/tenants answered ${status}: ${JSON.stringify(json)}`);
  return { tenantId: json.tenantId as string, ...adminClient(stack, json.apiKey as string) };
}

/** Uploads bytes through a presigned POST by real multipart HTTP, as curl -F does. */
export async function uploadToPresignedPost(
  upload: { url: string; fields: Record<string, string> },
  bytes: Uint8Array,
  filename: string,
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([bytes]), filename);
  return fetch(upload.url, { method: 'POST', body: form });
}
