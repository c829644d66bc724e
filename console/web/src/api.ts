import type { ApiErrorBody } from '../../../functions/contracts/admin-api.js';
import { uploadRefusal } from './document-text.js';

const SESSION_ITEM = 'frontdesk.session';

/** An API answer that was not 2xx, with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The endpoint is not deployed in this version of the API (the panel says so instead of breaking). */
export class NotAvailableError extends ApiError {}

let apiBase = '';

/** Where people sign in: the stage's Cognito API (the local user pool under npm start). */
export interface UserPoolConfig {
  endpoint: string;
  region: string;
  clientId: string;
}
export let userPool: UserPoolConfig | undefined;

/**
 * Where the API and the user pool live: `config.json` next to the page (written at deploy time
 * in AWS, served by the local stack), else the page's own origin.
 */
export const loadConfig = async () => {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (response.ok) {
      const config = (await response.json()) as { apiUrl?: string; userPool?: UserPoolConfig };
      apiBase = (config.apiUrl ?? '').replace(/\/+$/, '');
      userPool = config.userPool;
    }
  } catch {
    apiBase = '';
  }
};

/** A signed-in person: the pool's tokens (the ID token calls the API) and who they are. */
export interface Session {
  idToken: string;
  accessToken: string;
  email: string;
}

/** The tokens live for this browser tab only, and never in a URL. */
export const session = {
  get: (): Session | undefined => {
    const raw = sessionStorage.getItem(SESSION_ITEM);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  },
  set: (value: Session) => sessionStorage.setItem(SESSION_ITEM, JSON.stringify(value)),
  clear: () => sessionStorage.removeItem(SESSION_ITEM),
};

/**
 * Calls the admin API with the signed-in key. A 404 or 405 on a path the API does not route
 * means the endpoint is not there yet: `notFoundMeansMissing` turns it into NotAvailableError.
 */
export const api = async <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  options: { notFoundMeansMissing?: boolean } = {},
  /** A token not yet kept in the session (while signing in). */
  token?: string,
): Promise<T> => {
  const key = token ?? session.get()?.idToken;
  const response = await fetch(`${apiBase}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key ?? ''}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  // `message`: API Gateway's own refusals (a throttle, a missing route) are not the API's.
  let json: (Partial<ApiErrorBody> & { message?: string }) | undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const message = json?.error ?? json?.message ?? `The server answered ${response.status}`;
    if (response.status === 405 || (response.status === 404 && options.notFoundMeansMissing))
      throw new NotAvailableError(response.status, message);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('frontdesk:signed-out'));
    throw new ApiError(response.status, message);
  }
  return json as T;
};

/**
 * Sends a file through a presigned POST straight to S3, reporting progress. XMLHttpRequest,
 * because fetch has no upload progress.
 */
export const uploadFile = (
  upload: { url: string; fields: Record<string, string> },
  file: File,
  onProgress: (fraction: number) => void,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    // S3 requires the file to be the last field.
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', upload.url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () =>
      request.status >= 200 && request.status < 300
        ? resolve()
        : reject(new Error(uploadRefusal(request.status, request.responseText))),
    );
    request.addEventListener('error', () => reject(new Error('The upload failed: the network refused it')));
    request.send(form);
  });
