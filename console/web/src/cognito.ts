import { userPool } from './api.js';

/** A refusal from the user pool, named as Cognito names it (`NotAuthorizedException`, ...). */
export class PoolError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'PoolError';
  }
}

export interface Tokens {
  IdToken: string;
  AccessToken: string;
}

/** What a sign-in step answers: tokens, or the next challenge with its session. */
export type AuthStep =
  | { tokens: Tokens }
  | { challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA'; session: string };

/**
 * Calls the user pool's own JSON API (Cognito in AWS, the local pool under npm start): the same
 * requests the AWS SDK sends, without the SDK in the page.
 */
const call = async <T>(action: string, body: Record<string, unknown>): Promise<T> => {
  if (!userPool)
    throw new PoolError('NotConfigured', 'This console has no user pool configured (config.json).');
  const response = await fetch(userPool.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const type =
      String(json.__type ?? 'Error')
        .split('#')
        .pop() ?? 'Error';
    throw new PoolError(type, String(json.message ?? `The user pool answered ${response.status}`));
  }
  return json as T;
};

const clientId = () => userPool?.clientId ?? '';

const stepOf = (json: {
  AuthenticationResult?: Tokens;
  ChallengeName?: string;
  Session?: string;
}): AuthStep => {
  if (json.AuthenticationResult) return { tokens: json.AuthenticationResult };
  if (json.ChallengeName === 'NEW_PASSWORD_REQUIRED' || json.ChallengeName === 'SOFTWARE_TOKEN_MFA')
    return { challenge: json.ChallengeName, session: json.Session ?? '' };
  throw new PoolError(
    'UnsupportedChallenge',
    `The user pool asks for ${json.ChallengeName}, which this console cannot answer`,
  );
};

export const pool = {
  signIn: async (email: string, password: string) =>
    stepOf(
      await call('InitiateAuth', {
        ClientId: clientId(),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    ),
  /** The invitation's first sign-in: the person chooses their own password. */
  newPassword: async (email: string, session: string, password: string) =>
    stepOf(
      await call('RespondToAuthChallenge', {
        ClientId: clientId(),
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: password },
      }),
    ),
  totpCode: async (email: string, session: string, code: string) =>
    stepOf(
      await call('RespondToAuthChallenge', {
        ClientId: clientId(),
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    ),
  forgotPassword: (email: string) => call('ForgotPassword', { ClientId: clientId(), Username: email }),
  confirmForgotPassword: (email: string, code: string, password: string) =>
    call('ConfirmForgotPassword', {
      ClientId: clientId(),
      Username: email,
      ConfirmationCode: code,
      Password: password,
    }),
  /** TOTP set-up: a secret for the authenticator app, then a code from it, then TOTP as the preferred MFA. */
  startTotp: async (accessToken: string) =>
    (await call<{ SecretCode: string }>('AssociateSoftwareToken', { AccessToken: accessToken })).SecretCode,
  confirmTotp: async (accessToken: string, code: string) => {
    await call('VerifySoftwareToken', {
      AccessToken: accessToken,
      UserCode: code,
      FriendlyDeviceName: 'Authenticator',
    });
    await call('SetUserMFAPreference', {
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
  },
};

/** The e-mail an ID token is for (its payload is read, not trusted: the API verifies it). */
export const emailOf = (idToken: string): string => {
  try {
    const payload = JSON.parse(atob((idToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    return String(payload.email ?? '');
  } catch {
    return '';
  }
};
