import type { Role } from '../contracts/roles.js';
import { HttpError } from '../platform/errors.js';
import type { Table } from '../store/client.js';
import { deleteMember, listMembers, type Member, putMember, updateMember } from '../store/members.js';
import { AccountExistsError, type IdentityProvider } from './identity-provider.js';

interface PeopleDeps {
  table: Table;
  identity: IdentityProvider;
}

/**
 * Invites a person to a business with a role: the identity provider makes the account and mails
 * the temporary password; the business's record makes the role count.
 */
export const invitePerson = async (
  deps: PeopleDeps,
  invitation: { tenantId: string; email: string; role: Role; invitedBy?: string },
): Promise<Member> => {
  const email = invitation.email.trim().toLowerCase();
  let userId: string;
  try {
    ({ userId } = await deps.identity.invite({
      email,
      tenantId: invitation.tenantId,
      role: invitation.role,
    }));
  } catch (error) {
    if (error instanceof AccountExistsError)
      throw new HttpError(409, `${email} already has an account (a person belongs to one business)`, {
        cause: error,
      });
    throw error;
  }
  const member: Member = {
    tenantId: invitation.tenantId,
    userId,
    email,
    role: invitation.role,
    mfa: false,
    invitedAt: new Date().toISOString(),
    invitedBy: invitation.invitedBy,
  };
  await putMember(deps.table, member);
  return member;
};

/** The business must keep at least one owner: nobody could manage people, keys or channels. */
const refuseLastOwner = async (deps: PeopleDeps, tenantId: string, userId: string) => {
  const members = await listMembers(deps.table, tenantId);
  const target = members.find((m) => m.userId === userId);
  if (!target) throw new HttpError(404, 'Not found');
  const owners = members.filter((m) => m.role === 'owner');
  if (target.role === 'owner' && owners.length === 1) {
    throw new HttpError(409, "This is the business's only owner: make someone else an owner first");
  }
  return target;
};

export const changeRole = async (deps: PeopleDeps, tenantId: string, userId: string, role: Role) => {
  const target = await refuseLastOwner(deps, tenantId, userId);
  if (target.role === role) return target;
  // The record first: it is what the admin API trusts, so the change counts from the next request.
  const updated = await updateMember(deps.table, tenantId, userId, { role });
  if (!updated) throw new HttpError(404, 'Not found');
  await deps.identity.setRole(userId, role);
  return updated;
};

export const removePerson = async (deps: PeopleDeps, tenantId: string, userId: string) => {
  await refuseLastOwner(deps, tenantId, userId);
  // The record first: without it the person's tokens stop working at once, whatever the pool says.
  await deleteMember(deps.table, tenantId, userId);
  await deps.identity.remove(userId);
};
