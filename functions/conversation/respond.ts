import { type InboundMessage, phoneOf } from '../contracts/messages.js';
import { addSnippet, deleteSnippet, listSnippets } from '../knowledge/knowledge-base.js';
import { checkDocumentQuota, KnowledgeLimitError } from '../knowledge/knowledge-quota.js';
import { understandMedia } from '../media/understand-media.js';
import { invitePerson } from '../people/members.js';
import { HttpError } from '../platform/errors.js';
import { logger } from '../platform/observability.js';
import { readAnswerContext } from '../store/answer-context.js';
import { recentTurns } from '../store/conversations.js';
import { listOpenGaps } from '../store/insights.js';
import { clearSession, getSessionTenant, type SessionAddress, setSessionTenant } from '../store/sessions.js';
import {
  type BusinessProfile,
  createTenant,
  findTenantByCode,
  findTenantByOwner,
  getTenant,
} from '../store/tenants.js';
import { monthOf } from '../store/usage.js';
import { accountReplies } from './account-replies.js';
import { answerCustomer, type KnownContext } from './answer-customer.js';
import { BUSINESS_CODE_PATTERN, makeBusinessCode } from './business-code.js';
import { auditOwnerCommand } from './command-audit.js';
import { actsForOwner, type Command, parseCommand } from './commands.js';
import type { ConversationDeps, Reply } from './conversation-deps.js';
import { apiKeyReply } from './deferred-secret.js';
import { relayOwnerMessage, replyAsOwner, resumeAssistant } from './handoff.js';
import { type MediaSaying, mediaReply } from './media-replies.js';
import { confirmOwnerContact } from './owner-contacts.js';
import { replies } from './replies.js';
import { type RouteAddress, RouteMovedError } from './route-hints.js';
import { confirmRoute } from './route-inbound.js';
import { windowAddressOf } from './whatsapp-window.js';

/**
 * Decides what to say to one inbound message: a command's result, or an answer from the
 * business's knowledge. Writes what it changes (tenants, facts, sessions, conversation turns);
 * sending is the caller's job. `unconfirmed`: the message's business came from the worker's
 * memory of its route (`route-hints.ts`); it is confirmed before anything is written, and
 * `RouteMovedError` says the route moved (the caller routes the message again).
 */
export const respondToMessage = async (
  message: InboundMessage,
  deps: ConversationDeps,
  unconfirmed?: RouteAddress,
): Promise<Reply[]> => {
  const command = parseCommand(message.text);
  const hasMedia = Boolean(message.media?.length);
  const asksTheBusiness =
    !message.fromOwner && !message.platformNotice && !command && (message.text.trim() !== '' || hasMedia);
  // A customer's question reads the route with the answer's batch; every other path reads it now.
  if (unconfirmed && !asksTheBusiness) await confirmRoute(deps.table, message, unconfirmed);
  if (message.fromOwner) return relayOwnerMessage(message, deps);
  if (message.platformNotice) return [{ text: message.text, tenantId: message.tenantId }];
  // A caller id proves nothing (it is easy to spoof), so no owner command runs on a phone call.
  if (command && message.channel === 'voice' && actsForOwner(command))
    return [{ text: replies.ownerCommandsByTextOnly(), tenantId: message.tenantId }];
  if (command) return runCommand(command, message, deps);
  // An empty message with no business to answer for: nothing to answer from.
  if (!message.text.trim() && !hasMedia) return [{ text: replies.textOnly(), tenantId: message.tenantId }];

  const { tenant, known } = await tenantForCustomer(message, deps, unconfirmed);
  if (!tenant && !message.text.trim()) return [{ text: replies.textOnly(), tenantId: message.tenantId }];
  if (!tenant) return [{ text: replies.welcomeShared() }];
  if (!hasMedia) return answerCustomer(tenant, message, message.text, deps, undefined, {}, known);

  // A voice note is answered as the words it says; a photo is part of the question for a model
  // that sees images; else the caption alone, or a polite word in the customer's language.
  const understood = await understandMedia(message, deps.media);
  if (understood.kind === 'cannot-use') {
    return [
      { text: await mediaReplyFor(understood.saying, tenant, message, deps), tenantId: tenant.tenantId },
    ];
  }
  return answerCustomer(
    tenant,
    message,
    understood.question,
    deps,
    undefined,
    { images: understood.images },
    known,
  );
};

const mediaReplyFor = async (
  saying: MediaSaying,
  tenant: BusinessProfile,
  m: InboundMessage,
  deps: ConversationDeps,
): Promise<string> => {
  const turns = await recentTurns(deps.table, tenant.tenantId, m.from, 6);
  return mediaReply(saying, {
    customerTexts: turns.filter((t) => t.role === 'customer').map((t) => t.text),
    businessLanguage: tenant.language,
  });
};

const sessionOf = (m: InboundMessage): SessionAddress => ({
  channel: m.channel,
  address: m.to,
  customer: m.from,
});

/**
 * A routed number's tenant; else the customer's chosen business; else the sender's own business.
 * A chosen business is read with what answering needs besides (the conversation's state, the
 * month's usage, the knowledge changes an embedded index reads, the customer's 24-hour window
 * and a route to confirm), in one call.
 */
const tenantForCustomer = async (
  m: InboundMessage,
  deps: ConversationDeps,
  unconfirmed?: RouteAddress,
): Promise<{ tenant?: BusinessProfile; known?: KnownContext }> => {
  const chosen = m.tenantId ?? (await getSessionTenant(deps.table, sessionOf(m)));
  const read = chosen
    ? await readAnswerContext(deps.table, {
        tenantId: chosen,
        customer: m.from,
        month: monthOf(),
        knowledge: deps.knowledge.readsKnowledgeChanges,
        window: windowAddressOf(m, chosen),
        route: unconfirmed,
      })
    : undefined;
  if (unconfirmed && read?.route?.tenantId !== m.tenantId) throw new RouteMovedError(read?.route?.tenantId);
  const context = read?.context;
  const tenant =
    context?.tenant ?? (chosen ? undefined : await findTenantByOwner(deps.table, phoneOf(m.from)));
  // On a shared number the tenant is only known here; every later line of this message carries it.
  if (tenant) logger.appendKeys({ tenantId: tenant.tenantId });
  return { tenant, known: context };
};

/** The business the sender runs, as seen from this number. */
const ownedTenant = async (
  m: InboundMessage,
  deps: ConversationDeps,
): Promise<BusinessProfile | undefined> => {
  const phone = phoneOf(m.from);
  if (m.tenantId) {
    const tenant = await getTenant(deps.table, m.tenantId);
    return tenant?.owners.includes(phone) ? tenant : undefined;
  }
  return findTenantByOwner(deps.table, phone);
};

const runCommand = async (command: Command, m: InboundMessage, deps: ConversationDeps): Promise<Reply[]> => {
  const say = (text: string, tenantId?: string): Reply[] => [{ text, tenantId }];
  switch (command.kind) {
    case 'register': {
      // A registration's alerts are sent from the number it came in on: only the platform's own.
      const onShared =
        m.provider === 'meta' ? !m.tenantId : !m.tenantId && deps.sharedNumbers.includes(phoneOf(m.to));
      // A website visitor proves no phone or address of their own: no business is registered from there.
      if (!onShared || m.provider === 'web' || m.channel === 'web')
        return say(replies.registerOnSharedNumber(), m.tenantId);
      const existing = await findTenantByOwner(deps.table, phoneOf(m.from));
      if (existing) return say(replies.alreadyRegistered(existing.name, existing.code), existing.tenantId);
      const tenant = await createTenant(deps.table, {
        name: command.name,
        ownerPhone: phoneOf(m.from),
        // They wrote from this address, which proves it; the shared number is the platform's own.
        ownerContact: {
          provider: m.provider,
          channel: m.channel,
          address: m.from,
          via: m.to,
          confirmed: true,
        },
        codeFor: () => makeBusinessCode(command.name),
      });
      await auditOwnerCommand(deps, m, {
        tenantId: tenant.tenantId,
        command: 'register',
        target: tenant.code,
      });
      return say(replies.registered(tenant.name, tenant.code), tenant.tenantId);
    }
    case 'add':
    case 'list':
    case 'delete':
    case 'reply':
    case 'resume':
    case 'gaps': {
      const tenant = await ownedTenant(m, deps);
      if (!tenant) return say(replies.notAnOwner(), m.tenantId);
      if (command.kind === 'reply' || command.kind === 'resume')
        await auditOwnerCommand(deps, m, { tenantId: tenant.tenantId, command: command.kind });
      if (command.kind === 'reply') return replyAsOwner(tenant, command.customer, command.text, deps);
      if (command.kind === 'resume') return resumeAssistant(tenant, command.customer, deps);
      if (command.kind === 'gaps') {
        const gaps = await listOpenGaps(deps.table, tenant.tenantId, 10);
        return say(replies.gaps(tenant.name, gaps), tenant.tenantId);
      }
      const knowledge = { table: deps.table, index: deps.knowledge };
      if (command.kind === 'add') {
        try {
          await checkDocumentQuota(deps.table, deps.defaultPlan, tenant.tenantId);
        } catch (error) {
          if (error instanceof KnowledgeLimitError) return say(error.message, tenant.tenantId);
          throw error;
        }
        const fact = await addSnippet(knowledge, tenant.tenantId, command.text);
        await auditOwnerCommand(deps, m, {
          tenantId: tenant.tenantId,
          command: 'add',
          target: `fact/${fact.number}`,
        });
        return say(replies.added(fact.number, fact.text), tenant.tenantId);
      }
      if (command.kind === 'list') {
        return say(
          replies.list(tenant.name, await listSnippets(knowledge, tenant.tenantId)),
          tenant.tenantId,
        );
      }
      const deleted = await deleteSnippet(knowledge, tenant.tenantId, command.index);
      if (deleted)
        await auditOwnerCommand(deps, m, {
          tenantId: tenant.tenantId,
          command: 'delete',
          target: `fact/${deleted.number}`,
        });
      return say(
        deleted ? replies.deleted(deleted.number, deleted.text) : replies.noSuchFact(command.index),
        tenant.tenantId,
      );
    }
    case 'key': {
      // The chat proves the owner (their number is on the tenant); the key goes only to them,
      // minted when the reply is sent so that the saved reply never holds it.
      const tenant = await ownedTenant(m, deps);
      if (!tenant) return say(replies.notAnOwner(), m.tenantId);
      await auditOwnerCommand(deps, m, { tenantId: tenant.tenantId, command: 'key' });
      return [apiKeyReply(tenant, m)];
    }
    case 'account': {
      // The owner's number proves who they are, so the business's first account comes from it.
      const tenant = await ownedTenant(m, deps);
      if (!tenant) return say(replies.notAnOwner(), m.tenantId);
      if (!deps.identity || deps.identity.kind === 'none')
        return say(accountReplies.unavailable(), tenant.tenantId);
      try {
        const member = await invitePerson(
          { table: deps.table, identity: deps.identity },
          { tenantId: tenant.tenantId, email: command.email, role: 'owner', invitedBy: phoneOf(m.from) },
        );
        await auditOwnerCommand(deps, m, {
          tenantId: tenant.tenantId,
          command: 'account',
          target: `user/${member.userId}`,
        });
        return say(accountReplies.invited(command.email, tenant.name), tenant.tenantId);
      } catch (error) {
        if (error instanceof HttpError && error.statusCode === 409)
          return say(accountReplies.exists(command.email), tenant.tenantId);
        throw error;
      }
    }
    case 'business': {
      if (m.tenantId) {
        const routed = await getTenant(deps.table, m.tenantId);
        return say(replies.routedNumber(routed?.name ?? 'one business'), m.tenantId);
      }
      const tenant = BUSINESS_CODE_PATTERN.test(command.code)
        ? await findTenantByCode(deps.table, command.code)
        : undefined;
      if (!tenant) return say(replies.unknownCode(command.code));
      await setSessionTenant(deps.table, sessionOf(m), tenant.tenantId);
      if (!command.question) return say(replies.connected(tenant.name), tenant.tenantId);
      return answerCustomer(tenant, m, command.question, deps);
    }
    case 'exit': {
      const current = m.tenantId ? undefined : await getSessionTenant(deps.table, sessionOf(m));
      if (!current) return say(replies.notConnected());
      await clearSession(deps.table, sessionOf(m));
      return say(replies.left((await getTenant(deps.table, current))?.name ?? 'the business'));
    }
    case 'confirm': {
      const outcome = await confirmOwnerContact(deps.table, m.from, command.code);
      if (outcome.status === 'confirmed')
        await auditOwnerCommand(deps, m, {
          tenantId: outcome.tenantId,
          command: 'confirm',
          target: 'owner-contact',
        });
      return say(
        replies.alertConfirmation(outcome.status),
        outcome.status === 'confirmed' ? outcome.tenantId : m.tenantId,
      );
    }
    case 'help':
      return say(await helpFor(m, deps), m.tenantId);
    case 'unknown':
      return say(replies.unknownCommand(command.name, await helpFor(m, deps)), m.tenantId);
    case 'usage':
      return say(replies.usage(command.usage), m.tenantId);
  }
};

const helpFor = async (m: InboundMessage, deps: ConversationDeps): Promise<string> => {
  // On a call the caller id is no proof of the owner: callers hear the customer commands.
  const owned = m.channel === 'voice' ? undefined : await ownedTenant(m, deps);
  return owned
    ? `${replies.ownerHelp(owned.name, owned.code)} ${replies.customerHelp()}`
    : replies.customerHelp();
};
