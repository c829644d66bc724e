import * as z from 'zod';
import { ANY_ROLE, OWNER_ONLY, ROLES } from '../contracts/roles.js';
import { changeRole, invitePerson, removePerson } from '../people/members.js';
import { BadRequestError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { listMembers, type Member, updateMember } from '../store/members.js';
import { type AdminRoute, tenantOf } from './router.js';

const InviteBody = z.object({ email: z.email().max(254), role: z.enum(ROLES) });
const RoleBody = z.object({ role: z.enum(ROLES) });
const MfaBody = z.object({ accessToken: z.string().min(20).max(8192) });
const USER_ID = /^[\w-]{1,128}$/;

const view = (m: Member) => ({
  userId: m.userId,
  email: m.email,
  role: m.role,
  mfa: m.mfa,
  invitedAt: m.invitedAt,
});

const userIdOf = (params: Record<string, string>) => {
  const id = params.id ?? '';
  if (!USER_ID.test(id)) throw new HttpError(404, 'Not found');
  return id;
};

/**
 * People of a business: who is signed in (`/v1/me`), and for owners the team (invite with a role,
 * change a role, remove). A person belongs to one business; the business keeps at least one owner.
 */
export const peopleRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/me',
    access: ANY_ROLE,
    beforeMfa: true,
    async handle(request, runtime) {
      const p = request.principal;
      const mfaRequired = runtime.config.identity.ownerMfaRequired && p.kind === 'user' && p.role === 'owner';
      if (p.kind === 'user') {
        return jsonResponse(200, {
          kind: 'person',
          tenantId: p.tenantId,
          userId: p.userId,
          email: p.email,
          role: p.role,
          mfa: p.mfa,
          mfaRequired,
        });
      }
      // An API key acts as the owner of its business.
      return jsonResponse(200, {
        kind: 'key',
        tenantId: tenantOf(request),
        keyId: p.kind === 'tenant' ? p.keyId : undefined,
        role: 'owner',
        mfa: false,
        mfaRequired: false,
      });
    },
  },
  {
    // After setting up TOTP with the user pool, the console asks the admin API to note it; the
    // admin API asks the pool (with the person's access token), never the client's word.
    method: 'POST',
    path: '/v1/me/mfa',
    access: ANY_ROLE,
    beforeMfa: true,
    body: MfaBody,
    async handle(request, runtime) {
      const p = request.principal;
      if (p.kind !== 'user')
        throw new BadRequestError('Only a signed-in person has MFA; an API key has none');
      const { accessToken } = request.body as z.infer<typeof MfaBody>;
      const status = await runtime.identity.hasTotp(accessToken).catch((error) => {
        throw new BadRequestError('The user pool did not accept this access token: sign in again', {
          cause: error,
        });
      });
      if (status.userId !== p.userId)
        throw new BadRequestError('The access token is not of the signed-in person');
      if (!status.totp)
        throw new BadRequestError('The user pool has no authenticator app (TOTP) for you yet');
      await updateMember(runtime.table, p.tenantId, p.userId, { mfa: true });
      return jsonResponse(200, { mfa: true });
    },
    audit: (request) => ({
      target: request.principal.kind === 'user' ? `user/${request.principal.userId}` : undefined,
    }),
  },
  {
    method: 'GET',
    path: '/v1/users',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const members = await listMembers(runtime.table, tenantOf(request));
      return jsonResponse(200, { users: members.map(view) });
    },
  },
  {
    method: 'POST',
    path: '/v1/users',
    access: OWNER_ONLY,
    body: InviteBody,
    async handle(request, runtime) {
      const { email, role } = request.body as z.infer<typeof InviteBody>;
      const p = request.principal;
      const member = await invitePerson(runtime, {
        tenantId: tenantOf(request),
        email,
        role,
        invitedBy: p.kind === 'user' ? p.userId : p.kind === 'tenant' ? p.keyId : undefined,
      });
      return jsonResponse(201, view(member));
    },
    audit: (_request, result) => ({ detail: { role: JSON.parse(result.body ?? '{}').role } }),
  },
  {
    method: 'PATCH',
    path: '/v1/users/{id}',
    access: OWNER_ONLY,
    body: RoleBody,
    async handle(request, runtime) {
      const { role } = request.body as z.infer<typeof RoleBody>;
      const member = await changeRole(runtime, tenantOf(request), userIdOf(request.params), role);
      return jsonResponse(200, view(member));
    },
    audit: (request) => ({ detail: { role: (request.body as z.infer<typeof RoleBody>).role } }),
  },
  {
    method: 'DELETE',
    path: '/v1/users/{id}',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      await removePerson(runtime, tenantOf(request), userIdOf(request.params));
      return { statusCode: 204 };
    },
  },
];
