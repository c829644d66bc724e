/** The ids of one business that the admin routes take. */
export interface BusinessIds {
  tenantId: string;
  /** A Twilio number routed to it, and an alert address it has not confirmed yet. */
  number: string;
  ownerContact: string;
  document: string;
  conversation: string;
  gap: string;
  key: string;
  user: string;
  /** A call to its number (its log). */
  call: string;
  /** A customer's address in one of its conversations. */
  customer: string;
}

/** What a caller sends for each admin route, with one business's ids where the route takes one. */
export interface Attempt {
  method: string;
  path: string;
  body?: unknown;
  /** The route acts on something of the business's: another business must get `allowed` (404 unless said otherwise). */
  owned: boolean;
  allowed?: number[];
}

/** Each invitation needs an e-mail no account has yet. */
let invitations = 0;

export const adminAttempts = (ids: BusinessIds): Attempt[] => [
  { method: 'POST', path: '/v1/tenants', body: { name: 'Takeover' }, owned: false },
  // Platform-only: refused to every tenant key whatever the id, so the 403 reveals nothing.
  { method: 'POST', path: `/v1/tenants/${ids.tenantId}/api-keys`, owned: true, allowed: [403] },
  { method: 'GET', path: '/v1/tenant', owned: false },
  // Twilio numbers are the platform's to assign: B is refused (403) before anything is looked up.
  {
    method: 'POST',
    path: '/v1/channels',
    body: { channel: 'twilio', address: ids.number },
    owned: true,
    allowed: [403],
  },
  {
    method: 'POST',
    path: `/v1/tenants/${ids.tenantId}/channels`,
    body: { channel: 'twilio', address: ids.number },
    owned: true,
    allowed: [403],
  },
  {
    method: 'DELETE',
    path: `/v1/tenants/${ids.tenantId}/channels/twilio/${encodeURIComponent(ids.number)}`,
    owned: true,
    allowed: [403],
  },
  {
    method: 'PUT',
    path: `/v1/tenants/${ids.tenantId}/plan`,
    body: { documents: 9999 },
    owned: true,
    allowed: [403],
  },
  { method: 'GET', path: `/v1/tenants/${ids.tenantId}/plan`, owned: true, allowed: [403] },
  { method: 'GET', path: '/v1/tenant/plan', owned: false },
  // A's pending alert address: B's code check finds nothing to confirm.
  {
    method: 'POST',
    path: '/v1/tenant/owner-contacts/confirm',
    body: { address: ids.ownerContact, code: '123456' },
    owned: true,
  },
  { method: 'GET', path: '/v1/channels', owned: false },
  { method: 'DELETE', path: `/v1/channels/twilio/${encodeURIComponent(ids.number)}`, owned: true },
  { method: 'POST', path: '/v1/documents', body: { filename: 'x.txt', size: 10 }, owned: false },
  { method: 'GET', path: '/v1/documents', owned: false },
  { method: 'GET', path: `/v1/documents/${ids.document}`, owned: true },
  { method: 'DELETE', path: `/v1/documents/${ids.document}`, owned: true },
  { method: 'POST', path: `/v1/documents/${ids.document}/reindex`, owned: true },
  { method: 'POST', path: '/v1/search', body: { query: 'Zanzibar whitening' }, owned: false },
  { method: 'GET', path: '/v1/conversations', owned: false },
  { method: 'GET', path: `/v1/conversations/${ids.conversation}`, owned: true },
  {
    method: 'POST',
    path: `/v1/conversations/${ids.conversation}/messages`,
    body: { text: 'hi' },
    owned: true,
  },
  { method: 'POST', path: `/v1/conversations/${ids.conversation}/takeover`, owned: true },
  { method: 'POST', path: `/v1/conversations/${ids.conversation}/resume`, owned: true },
  { method: 'GET', path: '/v1/insights', owned: false },
  { method: 'POST', path: `/v1/insights/gaps/${ids.gap}/close`, owned: true },
  {
    method: 'POST',
    path: `/v1/insights/gaps/${ids.gap}/answer`,
    body: { answer: 'Yes we do.' },
    owned: true,
  },
  { method: 'GET', path: '/v1/tenant/profile', owned: false },
  { method: 'PUT', path: '/v1/tenant/profile', body: { name: 'Bella Pizza' }, owned: false },
  { method: 'PATCH', path: '/v1/tenant/profile', body: {}, owned: false },
  {
    method: 'POST',
    path: '/v1/assistant/try',
    body: { question: 'How much is Zanzibar whitening?' },
    owned: false,
  },
  { method: 'GET', path: '/v1/usage', owned: false },
  { method: 'GET', path: '/v1/keys', owned: false },
  { method: 'POST', path: '/v1/keys', body: { label: 'B' }, owned: false },
  { method: 'POST', path: `/v1/keys/${ids.key}/rotate`, owned: true },
  { method: 'DELETE', path: `/v1/keys/${ids.key}`, owned: true },
  { method: 'GET', path: '/v1/audit', owned: false },
  { method: 'GET', path: '/v1/me', owned: false },
  // A key or another business's person has no such pool account: refused, nothing noted.
  { method: 'POST', path: '/v1/me/mfa', body: { accessToken: 'x'.repeat(40) }, owned: true, allowed: [400] },
  { method: 'GET', path: '/v1/users', owned: false },
  {
    method: 'POST',
    path: '/v1/users',
    body: { email: `newcomer-${++invitations}@example.com`, role: 'viewer' },
    owned: false,
  },
  { method: 'PATCH', path: `/v1/users/${ids.user}`, body: { role: 'owner' }, owned: true },
  { method: 'DELETE', path: `/v1/users/${ids.user}`, owned: true },
  { method: 'POST', path: '/v1/exports', owned: false },
  // Another business's conversation id, or its customer's number: nobody of theirs is found.
  { method: 'POST', path: '/v1/customers/erase', body: { customer: ids.conversation }, owned: true },
  { method: 'POST', path: '/v1/customers/erase', body: { customer: ids.customer }, owned: true },
  // Platform-only: refused whatever the id, so the 403 reveals nothing.
  { method: 'DELETE', path: `/v1/tenants/${ids.tenantId}`, owned: true, allowed: [403] },
  { method: 'GET', path: '/v1/calls', owned: false },
  { method: 'GET', path: `/v1/calls/${ids.call}`, owned: true },
  // Its number: another business can neither register a template for it nor delete its own.
  {
    method: 'PUT',
    path: '/v1/templates',
    body: {
      channel: 'twilio',
      address: ids.number,
      name: 'owner_reply',
      language: 'en',
      parameters: ['message'],
      contentSid: `HX${'0'.repeat(32)}`,
    },
    owned: true,
  },
  { method: 'GET', path: '/v1/templates', owned: false },
  {
    method: 'DELETE',
    path: `/v1/templates/twilio/${encodeURIComponent(ids.number)}/owner_reply/en`,
    owned: true,
  },
  // The caller's own business's website chat: nothing of another business is named or shown.
  { method: 'GET', path: '/v1/website', owned: false },
  {
    method: 'PUT',
    path: '/v1/website',
    body: { allowedOrigins: ['https://takeover.example'], accentColor: '#000000', greeting: '', title: '' },
    owned: false,
  },
];

/** Turns `/v1/documents/abc/reindex` into `/v1/documents/{id}/reindex` for the coverage check. */
export const templateOf = (path: string, tenantId: string) =>
  path
    .replace(`/v1/tenants/${tenantId}/`, '/v1/tenants/{id}/')
    .replace(new RegExp(`/v1/tenants/${tenantId}$`), '/v1/tenants/{id}')
    .replace(/\/channels\/twilio\/.*/, '/channels/{channel}/{address}')
    .replace(/\/templates\/twilio\/.*/, '/templates/{channel}/{address}/{name}/{language}')
    .replace(/\/v1\/(documents|conversations|keys|users|calls)\/[^/]+/, '/v1/$1/{id}')
    .replace(/\/v1\/insights\/gaps\/[^/]+/, '/v1/insights/gaps/{id}');
