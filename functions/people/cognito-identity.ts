import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AccountExistsError, type IdentityProvider } from './identity-provider.js';

/**
 * The stage's Cognito user pool. An invitation is `AdminCreateUser`: Cognito e-mails a temporary
 * password and asks for a new one at the first sign-in (`NEW_PASSWORD_REQUIRED`). The business
 * and role are custom attributes only the admin API may write (the app client cannot).
 */
export const createCognitoIdentity = (options: {
  userPoolId: string;
  region: string;
  client?: CognitoIdentityProviderClient;
}): IdentityProvider => {
  const client = options.client ?? new CognitoIdentityProviderClient({ region: options.region });
  const UserPoolId = options.userPoolId;
  return {
    kind: 'cognito',
    async invite({ email, tenantId, role }) {
      try {
        const { User } = await client.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: email,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'custom:tenantId', Value: tenantId },
              { Name: 'custom:role', Value: role },
            ],
          }),
        );
        const userId = User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? User?.Username;
        if (!userId) throw new Error('Cognito created the user but returned no id');
        return { userId };
      } catch (error) {
        if (error instanceof Error && error.name === 'UsernameExistsException')
          throw new AccountExistsError(`${email} already has an account`, { cause: error });
        throw error;
      }
    },
    async setRole(userId, role) {
      await client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId,
          Username: userId,
          UserAttributes: [{ Name: 'custom:role', Value: role }],
        }),
      );
    },
    async remove(userId) {
      try {
        await client.send(new AdminDeleteUserCommand({ UserPoolId, Username: userId }));
      } catch (error) {
        if (!(error instanceof Error && error.name === 'UserNotFoundException')) throw error;
      }
    },
    async hasTotp(accessToken) {
      const user = await client.send(new GetUserCommand({ AccessToken: accessToken }));
      const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? user.Username ?? '';
      return { userId: sub, totp: (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA') };
    },
  };
};
