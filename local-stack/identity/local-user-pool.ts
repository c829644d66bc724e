import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Role } from '../../functions/contracts/roles.js';
import { AccountExistsError, type IdentityProvider } from '../../functions/people/identity-provider.js';
import { newJti, newSigningKeyPem, readOwnJwt, type SigningKey, signingKeyFrom, signJwt } from './jwt.js';

/** A person in the local pool, as Cognito keeps them (passwords only as scrypt hashes). */
interface PoolUser {
  userId: string;
  email: string;
  tenantId: string;
  role: Role;
  passwordHash: string;
  /** Signed in with the invitation's temporary password: a new one is required (FORCE_CHANGE_PASSWORD). */
  mustChangePassword: boolean;
  totpSecret?: string;
  totpEnabled: boolean;
  resetCode?: { hash: string; expiresAt: number; tries: number };
}

export interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  at: string;
}

/** A Cognito error: the JSON protocol answers 400 with `__type` naming it. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_SECONDS = 3600;
const SESSION_MS = 3 * 60_000;
const RESET_CODE_MS = 60 * 60_000;

const hash = (secret: string, salt = randomBytes(16).toString('hex')) =>
  `${salt}:${scryptSync(secret, salt, 32).toString('hex')}`;
const matches = (secret: string, stored: string) => {
  const [salt = '', digest = ''] = stored.split(':');
  return timingSafeEqual(Buffer.from(digest, 'hex'), scryptSync(secret, salt, 32));
};

/** The pool's policy as the stack sets it (lib/user-pool.ts): 10+ characters, lower and upper case, a digit, a symbol. */
const checkPassword = (password: string) => {
  const weak =
    password.length < 10 ||
    !/[a-z]/.test(password) ||
    !/[A-Z]/.test(password) ||
    !/\d/.test(password) ||
    !/[^A-Za-z0-9]/.test(password);
  if (weak)
    throw new CognitoError(
      'InvalidPasswordException',
      'Password does not conform to policy: at least 10 characters, with a lower-case and an upper-case letter, a digit and a symbol',
    );
};

const totpOf = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });

/**
 * A local user pool that speaks Cognito: the same ID tokens (RS256, the pool's issuer, the
 * client as audience, `custom:tenantId` and `custom:role`), a JWKS, and the same JSON API the
 * console calls (sign-in, the invitation's new password, forgotten password with a code, TOTP).
 * Mail (invitations, codes) goes to the local mailbox. State lives in the state folder, or in
 * memory with `:memory:`.
 */
export class LocalUserPool implements IdentityProvider {
  readonly kind = 'local user pool';
  readonly issuer: string;
  private readonly key: SigningKey;
  private readonly users = new Map<string, PoolUser>();
  private readonly sessions = new Map<string, { userId: string; challenge: string; expiresAt: number }>();
  private readonly file: string | undefined;

  constructor(
    readonly options: {
      stateDir: string;
      userPoolId: string;
      clientId: string;
      region: string;
      mail: (mail: Omit<Mail, 'id' | 'at'>) => void;
      /** Where the console signs in, named in invitations. */
      consoleUrl: string;
    },
  ) {
    this.issuer = `https://cognito-idp.${options.region}.amazonaws.com/${options.userPoolId}`;
    let pem: string;
    if (options.stateDir === ':memory:') pem = newSigningKeyPem();
    else {
      mkdirSync(options.stateDir, { recursive: true });
      const keyFile = join(options.stateDir, 'identity-key.pem');
      if (!existsSync(keyFile)) writeFileSync(keyFile, newSigningKeyPem(), { mode: 0o600 });
      pem = readFileSync(keyFile, 'utf8');
      this.file = join(options.stateDir, 'identity-users.json');
      if (existsSync(this.file))
        for (const user of JSON.parse(readFileSync(this.file, 'utf8')) as PoolUser[])
          this.users.set(user.userId, user);
    }
    this.key = signingKeyFrom(pem, 'local-1');
  }

  /** The pool's public keys, as `/.well-known/jwks.json` serves them. */
  jwks() {
    return { keys: [this.key.jwk] };
  }

  // IdentityProvider: what the admin API and the answer worker call.

  async invite(person: { email: string; tenantId: string; role: Role }) {
    if (this.byEmail(person.email)) throw new AccountExistsError(`${person.email} already has an account`);
    const temporary = `Tmp-${randomBytes(6).toString('base64url')}7a`;
    const user: PoolUser = {
      userId: crypto.randomUUID(),
      email: person.email.toLowerCase(),
      tenantId: person.tenantId,
      role: person.role,
      passwordHash: hash(temporary),
      mustChangePassword: true,
      totpEnabled: false,
    };
    this.users.set(user.userId, user);
    this.save();
    this.options.mail({
      to: user.email,
      subject: 'Your Frontdesk account',
      text: `You are invited to Frontdesk as ${person.role}. Sign in at ${this.options.consoleUrl} with your e-mail and the temporary password ${temporary} ; you will choose your own password then. The temporary password works for 7 days.`,
    });
    return { userId: user.userId };
  }

  async setRole(userId: string, role: Role) {
    const user = this.users.get(userId);
    if (user) {
      user.role = role;
      this.save();
    }
  }

  async remove(userId: string) {
    this.users.delete(userId);
    this.save();
  }

  async hasTotp(accessToken: string) {
    const user = this.userOfAccessToken(accessToken);
    return { userId: user.userId, totp: user.totpEnabled };
  }

  // The Cognito JSON API (X-Amz-Target: AWSCognitoIdentityProviderService.<Action>).

  handle(action: string, body: Record<string, unknown>): Record<string, unknown> {
    const input = body as Record<string, string> & {
      AuthParameters?: Record<string, string>;
      ChallengeResponses?: Record<string, string>;
      SoftwareTokenMfaSettings?: { Enabled?: boolean; PreferredMfa?: boolean };
    };
    if ('ClientId' in body && body.ClientId !== this.options.clientId)
      throw new CognitoError('ResourceNotFoundException', 'User pool client does not exist.');
    switch (action) {
      case 'InitiateAuth':
        return this.initiateAuth(input.AuthFlow ?? '', input.AuthParameters ?? {});
      case 'RespondToAuthChallenge':
        return this.respondToChallenge(
          input.ChallengeName ?? '',
          input.Session ?? '',
          input.ChallengeResponses ?? {},
        );
      case 'ForgotPassword':
        return this.forgotPassword(input.Username ?? '');
      case 'ConfirmForgotPassword':
        return this.confirmForgotPassword(
          input.Username ?? '',
          input.ConfirmationCode ?? '',
          input.Password ?? '',
        );
      case 'AssociateSoftwareToken':
        return this.associateSoftwareToken(input.AccessToken, input.Session);
      case 'VerifySoftwareToken':
        return this.verifySoftwareToken(input.AccessToken, input.Session, input.UserCode ?? '');
      case 'SetUserMFAPreference': {
        const user = this.userOfAccessToken(input.AccessToken ?? '');
        if (input.SoftwareTokenMfaSettings?.Enabled === false) user.totpEnabled = false;
        this.save();
        return {};
      }
      case 'GetUser': {
        const user = this.userOfAccessToken(input.AccessToken ?? '');
        return {
          Username: user.userId,
          UserAttributes: [
            { Name: 'sub', Value: user.userId },
            { Name: 'email', Value: user.email },
            { Name: 'custom:tenantId', Value: user.tenantId },
            { Name: 'custom:role', Value: user.role },
          ],
          UserMFASettingList: user.totpEnabled ? ['SOFTWARE_TOKEN_MFA'] : [],
          PreferredMfaSetting: user.totpEnabled ? 'SOFTWARE_TOKEN_MFA' : undefined,
        };
      }
      default:
        throw new CognitoError(
          'InvalidParameterException',
          `The local user pool does not implement ${action}`,
        );
    }
  }

  private initiateAuth(flow: string, params: Record<string, string>) {
    if (flow !== 'USER_PASSWORD_AUTH')
      throw new CognitoError('InvalidParameterException', `Auth flow ${flow} is not enabled for this client`);
    const user = this.byEmail(params.USERNAME ?? '');
    if (!user || !matches(params.PASSWORD ?? '', user.passwordHash))
      throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
    if (user.mustChangePassword) return this.challenge(user, 'NEW_PASSWORD_REQUIRED');
    if (user.totpEnabled) return this.challenge(user, 'SOFTWARE_TOKEN_MFA');
    return { AuthenticationResult: this.tokensFor(user), ChallengeParameters: {} };
  }

  private respondToChallenge(name: string, session: string, responses: Record<string, string>) {
    const open = this.sessions.get(session);
    if (!open || open.expiresAt < Date.now() || open.challenge !== name)
      throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    const user = this.users.get(open.userId);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    this.sessions.delete(session);
    if (name === 'NEW_PASSWORD_REQUIRED') {
      checkPassword(responses.NEW_PASSWORD ?? '');
      user.passwordHash = hash(responses.NEW_PASSWORD ?? '');
      user.mustChangePassword = false;
      this.save();
      if (user.totpEnabled) return this.challenge(user, 'SOFTWARE_TOKEN_MFA');
    } else if (name === 'SOFTWARE_TOKEN_MFA') {
      if (
        !user.totpSecret ||
        totpOf(user.totpSecret).validate({ token: responses.SOFTWARE_TOKEN_MFA_CODE ?? '', window: 1 }) ===
          null
      )
        throw new CognitoError('CodeMismatchException', 'Invalid code received for user');
    } else throw new CognitoError('InvalidParameterException', `Unknown challenge ${name}`);
    return { AuthenticationResult: this.tokensFor(user), ChallengeParameters: {} };
  }

  private forgotPassword(username: string) {
    const user = this.byEmail(username);
    // As Cognito with PreventUserExistenceErrors: the same answer whether or not the account exists.
    if (user) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      user.resetCode = { hash: hash(code), expiresAt: Date.now() + RESET_CODE_MS, tries: 0 };
      this.save();
      this.options.mail({
        to: user.email,
        subject: 'Your Frontdesk verification code',
        text: `Your code to choose a new password is ${code}. It works for one hour.`,
      });
    }
    return {
      CodeDeliveryDetails: {
        Destination: maskEmail(username),
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      },
    };
  }

  private confirmForgotPassword(username: string, code: string, password: string) {
    const user = this.byEmail(username);
    const reset = user?.resetCode;
    if (!user || !reset)
      throw new CognitoError(
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      );
    if (reset.expiresAt < Date.now())
      throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    if (++reset.tries > 5 || !matches(code, reset.hash)) {
      this.save();
      throw new CognitoError(
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      );
    }
    checkPassword(password);
    user.passwordHash = hash(password);
    user.mustChangePassword = false;
    user.resetCode = undefined;
    this.save();
    return {};
  }

  private associateSoftwareToken(accessToken?: string, _session?: string) {
    const user = this.userOfAccessToken(accessToken ?? '');
    user.totpSecret = new OTPAuth.Secret({ size: 20 }).base32;
    this.save();
    return { SecretCode: user.totpSecret };
  }

  private verifySoftwareToken(accessToken: string | undefined, _session: string | undefined, code: string) {
    const user = this.userOfAccessToken(accessToken ?? '');
    if (!user.totpSecret)
      throw new CognitoError('InvalidParameterException', 'Associate a software token first');
    if (totpOf(user.totpSecret).validate({ token: code, window: 1 }) === null)
      throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');
    user.totpEnabled = true;
    this.save();
    return { Status: 'SUCCESS' };
  }

  private challenge(user: PoolUser, challenge: string) {
    const session = randomBytes(32).toString('base64url');
    this.sessions.set(session, { userId: user.userId, challenge, expiresAt: Date.now() + SESSION_MS });
    return {
      ChallengeName: challenge,
      Session: session,
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.userId,
        ...(challenge === 'NEW_PASSWORD_REQUIRED'
          ? { requiredAttributes: '[]', userAttributes: JSON.stringify({ email: user.email }) }
          : {}),
      },
    };
  }

  private tokensFor(user: PoolUser) {
    const now = Math.floor(Date.now() / 1000);
    const common = { sub: user.userId, iss: this.issuer, auth_time: now, iat: now, exp: now + TOKEN_SECONDS };
    return {
      IdToken: signJwt(this.key, {
        ...common,
        aud: this.options.clientId,
        token_use: 'id',
        email: user.email,
        email_verified: true,
        'cognito:username': user.userId,
        'custom:tenantId': user.tenantId,
        'custom:role': user.role,
        jti: newJti(),
      }),
      AccessToken: signJwt(this.key, {
        ...common,
        client_id: this.options.clientId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        username: user.userId,
        jti: newJti(),
      }),
      ExpiresIn: TOKEN_SECONDS,
      TokenType: 'Bearer',
    };
  }

  private userOfAccessToken(token: string): PoolUser {
    const claims = readOwnJwt(this.key, token);
    const user = claims?.token_use === 'access' ? this.users.get(String(claims.sub)) : undefined;
    if (!user) throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    return user;
  }

  private byEmail(email: string): PoolUser | undefined {
    const wanted = email.trim().toLowerCase();
    return [...this.users.values()].find((u) => u.email === wanted);
  }

  private save() {
    if (this.file) writeFileSync(this.file, JSON.stringify([...this.users.values()]), { mode: 0o600 });
  }
}

const maskEmail = (email: string) => email.replace(/^(.).*@(.).*$/, '$1***@$2***');
