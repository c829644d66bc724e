/**
 * The admin API's contract: every request body and query the routes parse (`admin/requests.ts`),
 * and every answer they give (the other files of `admin/`), as zod schemas with their types. The
 * routes (`functions/admin/`) parse with the request schemas, imported from `admin/requests.ts`,
 * and take the answers' types from here with `import type` (so no answer schema is bundled into
 * the function); the owner console imports types only (so no zod reaches the browser);
 * `test/integration/admin-contract.test.ts` parses live answers with the answers' schemas.
 *
 * Schemas built with `z.strictObject` are exhaustive: the server builds those answers field by
 * field, so a field the contract does not name is drift and fails the contract test.
 */
export * from './admin/assistant.js';
export * from './admin/audit.js';
export * from './admin/calls.js';
export * from './admin/channels.js';
export * from './admin/conversations.js';
export * from './admin/data-rights.js';
export * from './admin/documents.js';
export * from './admin/errors.js';
export * from './admin/insights.js';
export * from './admin/keys.js';
export * from './admin/people.js';
export * from './admin/profile.js';
export * from './admin/requests.js';
export * from './admin/templates.js';
export * from './admin/tenants.js';
export * from './admin/usage.js';
export * from './admin/website.js';
