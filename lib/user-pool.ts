import { Duration, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { FunctionEnvironment } from '../functions/contracts/environment.js';
import type { HouseFunction } from './house-function.js';
import type { StageSettings } from './stage-settings.js';

export interface PeopleUserPoolProps {
  readonly settings: StageSettings;
}

/**
 * The stage's people: one Cognito user pool (sign-in by e-mail and password, forgotten password
 * by e-mailed code, TOTP offered to everyone) and the console's app client. Nobody signs up:
 * accounts come from an owner's invitation (`AdminCreateUser`, which mails a temporary password).
 * The business and role live in custom attributes that only the admin API can write.
 *
 * @example
 * const people = new PeopleUserPool(this, 'People', { settings });
 * people.grantInvite(adminApi);
 */
export class PeopleUserPool extends Construct {
  readonly pool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: PeopleUserPoolProps) {
    super(scope, id);
    const { settings } = props;
    this.pool = new cognito.UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        tenantId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        role: new cognito.StringAttribute({ minLen: 4, maxLen: 16, mutable: true }),
      },
      passwordPolicy: {
        minLength: 10,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Cognito can require MFA only for everyone; owners are held to it by the admin API.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      userInvitation: {
        emailSubject: 'Your Frontdesk account',
        emailBody:
          'You are invited to Frontdesk. Sign in to the console with {username} and the temporary password {####} ; you will choose your own password then.',
      },
      userVerification: {
        emailSubject: 'Your Frontdesk verification code',
        emailBody: 'Your code to choose a new password is {####}.',
      },
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.removalPolicy,
    });
    Validations.of(this.pool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: settings.people.ownerMfaRequired
        ? 'TOTP is offered to everyone; Cognito cannot require it per role, so the admin API refuses owners without it on this stage (OWNER_MFA_REQUIRED).'
        : 'TOTP is offered to everyone and required of nobody on a development stage (ownerMfaRequired in lib/stage-settings.ts).',
    });
    Validations.of(this.pool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is billed per active user; a front desk has a handful of invited people per business, no self sign-up, and owners on prod use TOTP.',
    });
    Validations.of(this.pool).acknowledge({
      id: 'AwsSolutions-COG3',
      reason:
        'Threat protection (advanced security) is a paid Cognito plan; sign-in is by invitation only, with no self sign-up, and every change is in the audit trail.',
    });

    this.client = this.pool.addClient('Console', {
      authFlows: { userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // The person may change nothing that decides what they may do.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
  }

  /** Invitations only (the answer worker's `!account`). */
  grantInvite(fn: HouseFunction): void {
    this.pool.grant(fn.grantPrincipal, 'cognito-idp:AdminCreateUser');
  }

  /** Invitations, role changes and removal (the admin API's team routes). */
  grantManagePeople(fn: HouseFunction): void {
    this.pool.grant(
      fn.grantPrincipal,
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminUpdateUserAttributes',
      'cognito-idp:AdminDeleteUser',
    );
  }

  /** What a function needs to verify tokens and enforce MFA. */
  environment(settings: StageSettings): FunctionEnvironment {
    return {
      USER_POOL_ID: this.pool.userPoolId,
      USER_POOL_CLIENT_ID: this.client.userPoolClientId,
      OWNER_MFA_REQUIRED: String(settings.people.ownerMfaRequired),
      AUDIT_RETENTION_DAYS: String(settings.people.auditRetentionDays),
    };
  }
}
