import {
  type InviteBody,
  InviteBodySchema,
  type MfaBody,
  MfaBodySchema,
  type RoleBody,
  RoleBodySchema,
} from '../contracts/admin/requests.js';
import type { Me, MfaNoted, PeopleList, Person } from '../contracts/admin-api.js';
import { ANY_ROLE, OWNER_ONLY } from '../contracts/roles.js';
import { changeRole, invitePerson, removePerson } from '../people/members.js';
import { BadRequestError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { listMembers, type Member, updateMember } from '../store/members.js';
import { type AdminRoute, tenantOf } from './router.js';

const USER_ID = /^[\w-]{1,128}$/;

const view = (m: Member): Person => ({
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
        } satisfies Me);
      }
      // An API key acts as the owner of its business.
      return jsonResponse(200, {
        kind: 'key',
        tenantId: tenantOf(request),
        keyId: p.kind === 'tenant' ? p.keyId : undefined,
        role: 'owner',
        mfa: false,
        mfaRequired: false,
      } satisfies Me);
    },
  },
  {
    // After setting up TOTP with the user pool, the console asks the admin API to note it; the
    // admin API asks the pool (with the person's access token), never the client's word.
    method: 'POST',
    path: '/v1/me/mfa',
    access: ANY_ROLE,
    beforeMfa: true,
    body: MfaBodySchema,
    async handle(request, runtime) {
      const p = request.principal;
      if (p.kind !== 'user')
        throw new BadRequestError('Only a signed-in person has MFA; an API key has none');
      const { accessToken } = request.body as MfaBody;
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
      return jsonResponse(200, { mfa: true } satisfies MfaNoted);
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
      return jsonResponse(200, { users: members.map(view) } satisfies PeopleList);
    },
  },
  {
    method: 'POST',
    path: '/v1/users',
    access: OWNER_ONLY,
    body: InviteBodySchema,
    async handle(request, runtime) {
      const { email, role } = request.body as InviteBody;
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
    body: RoleBodySchema,
    async handle(request, runtime) {
      const { role } = request.body as RoleBody;
      const member = await changeRole(runtime, tenantOf(request), userIdOf(request.params), role);
      return jsonResponse(200, view(member));
    },
    audit: (request) => ({ detail: { role: (request.body as RoleBody).role } }),
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
