import * as OTPAuth from 'otpauth';
import type { LocalStack } from '../../local-stack/stack.js';
import { adminClient } from './admin-client.js';

/** Calls the local user pool's Cognito JSON API as the console (or the AWS SDK) would. */
export const cognito = async (stack: LocalStack, action: string, body: Record<string, unknown>) => {
  const response = await fetch(`${stack.url}/_local/cognito`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify({ ClientId: 'local-console-client', ...body }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the pool answered.
  const json: any = await response.json();
  return { status: response.status, json };
};

/** The newest mail to an address in the local mailbox. */
export const lastMailTo = (stack: LocalStack, to: string) => {
  const mail = stack.mailbox
    .list()
    .filter((m) => m.to === to.toLowerCase())
    .at(-1);
  if (!mail) throw new Error(`No mail to ${to} in the local mailbox`);
  return mail;
};

export const temporaryPasswordIn = (text: string) => /temporary password (\S+)/.exec(text)?.[1] ?? '';

/**
 * Accepts an invitation: signs in with the mailed temporary password, sets `password`, and
 * returns the tokens (a TOTP code is answered when `totpSecret` is given).
 */
export const acceptInvitation = async (stack: LocalStack, email: string, password: string) => {
  const temporary = temporaryPasswordIn(lastMailTo(stack, email).text);
  const first = await cognito(stack, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: temporary },
  });
  if (first.json.ChallengeName !== 'NEW_PASSWORD_REQUIRED')
    throw new Error(`expected NEW_PASSWORD_REQUIRED, got ${JSON.stringify(first.json)}`);
  const done = await cognito(stack, 'RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: first.json.Session,
    ChallengeResponses: { USERNAME: email, NEW_PASSWORD: password },
  });
  return done.json.AuthenticationResult as { IdToken: string; AccessToken: string };
};

/** Signs in with a password (and a TOTP code from `totpSecret` when the pool asks for one). */
export const signIn = async (stack: LocalStack, email: string, password: string, totpSecret?: string) => {
  const first = await cognito(stack, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  if (first.json.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
    if (!totpSecret) throw new Error('the pool asks for a TOTP code');
    const done = await cognito(stack, 'RespondToAuthChallenge', {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: first.json.Session,
      ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totpNow(totpSecret) },
    });
    return done.json.AuthenticationResult as { IdToken: string; AccessToken: string };
  }
  if (!first.json.AuthenticationResult) throw new Error(`sign-in failed: ${JSON.stringify(first.json)}`);
  return first.json.AuthenticationResult as { IdToken: string; AccessToken: string };
};

export const totpNow = (secret: string) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();

/**
 * A person of a business with a role, signed in: invited with `ownerKey`, invitation accepted.
 * Returns an admin client that calls with the person's ID token.
 */
export const personWithRole = async (
  stack: LocalStack,
  owner: { call: ReturnType<typeof adminClient>['call'] },
  email: string,
  role: 'owner' | 'staff' | 'viewer',
) => {
  const invited = await owner.call('POST', '/v1/users', { email, role });
  if (invited.status !== 201)
    throw new Error(`POST /v1/users answered ${invited.status}: ${JSON.stringify(invited.json)}`);
  const tokens = await acceptInvitation(stack, email, 'Correct-Horse-9');
  return { userId: invited.json.userId as string, tokens, ...adminClient(stack, tokens.IdToken) };
};
