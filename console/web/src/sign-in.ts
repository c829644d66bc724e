import type { Me, MfaBody } from '../../../functions/contracts/admin-api.js';
import { api, type Session } from './api.js';
import { type AuthStep, emailOf, PoolError, pool, type Tokens } from './cognito.js';
import { byId, fill, h } from './dom.js';

const PASSWORD_RULE =
  'At least 10 characters, with a lower-case and an upper-case letter, a digit and a symbol.';

/** Messages a person can act on, for what the user pool refuses. */
const explain = (error: unknown): string => {
  if (!(error instanceof PoolError))
    return `Could not reach the sign-in service: ${(error as Error).message}`;
  switch (error.type) {
    case 'NotAuthorizedException':
      return /session/i.test(error.message)
        ? 'That step took too long. Sign in again.'
        : 'That e-mail and password do not match. Check them, or choose "Forgot your password?".';
    case 'InvalidPasswordException':
      return `That password is too weak. ${PASSWORD_RULE}`;
    case 'CodeMismatchException':
    case 'EnableSoftwareTokenMFAException':
      return 'That code is not right. Enter the newest 6-digit code.';
    case 'ExpiredCodeException':
      return 'That code has expired. Ask for a new one.';
    case 'LimitExceededException':
    case 'TooManyRequestsException':
      return 'Too many tries. Wait a few minutes, then try again.';
    default:
      return error.message;
  }
};

const field = (id: string, label: string, attributes: Record<string, string | boolean>, hint?: string) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', {
      id,
      required: true,
      spellcheck: 'false',
      'aria-describedby': 'sign-in-error',
      ...attributes,
    }),
    hint ? h('p', { class: 'hint' }, hint) : null,
  );

const value = (id: string) => byId<HTMLInputElement>(id).value.trim();

/**
 * The sign-in view: e-mail and password; the invitation's new password; a TOTP code where the
 * person set one up; forgotten password by e-mailed code; and TOTP set-up where the stage
 * requires it of owners. Calls `done` with the session once the API accepts the person.
 */
export const showSignIn = (done: (session: Session, me: Me) => Promise<void>, message = '') => {
  const view = byId('sign-in-view');
  const error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' }, message);

  const step = (
    title: string,
    intro: string,
    fields: Node[],
    submitLabel: string,
    onSubmit: () => Promise<void>,
    extra?: Node,
  ) => {
    const form = h(
      'form',
      { class: 'card', novalidate: true },
      h('h1', {}, title),
      h('p', {}, intro),
      ...fields,
    );
    form.append(h('button', { type: 'submit' }, submitLabel), error, ...(extra ? [extra] : []));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
      if (button) button.disabled = true;
      try {
        await onSubmit();
      } catch (failure) {
        error.textContent = explain(failure);
      } finally {
        if (button) button.disabled = false;
      }
    });
    fill(view, form);
    form.querySelector('input')?.focus();
  };

  const finish = async (tokens: Tokens) => {
    const session: Session = {
      idToken: tokens.IdToken,
      accessToken: tokens.AccessToken,
      email: emailOf(tokens.IdToken),
    };
    const me = await meWith(session);
    if (me.mfaRequired && !me.mfa) return setUpTotp(session);
    await done(session, me);
  };

  const next = async (email: string, result: AuthStep) => {
    if ('tokens' in result) return finish(result.tokens);
    if (result.challenge === 'NEW_PASSWORD_REQUIRED') {
      step(
        'Choose your password',
        'Welcome! Replace the temporary password from your invitation.',
        [
          field(
            'new-password',
            'New password',
            { type: 'password', autocomplete: 'new-password' },
            PASSWORD_RULE,
          ),
        ],
        'Save password',
        async () => next(email, await pool.newPassword(email, result.session, value('new-password'))),
      );
      return;
    }
    step(
      'Enter your code',
      'Open your authenticator app and enter the 6-digit code for Frontdesk.',
      [field('totp-code', 'Code', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' })],
      'Continue',
      async () => next(email, await pool.totpCode(email, result.session, value('totp-code'))),
    );
  };

  const setUpTotp = async (session: Session) => {
    const secret = await pool.startTotp(session.accessToken);
    const uri = `otpauth://totp/Frontdesk:${encodeURIComponent(session.email)}?secret=${secret}&issuer=Frontdesk`;
    step(
      'Set up your authenticator app',
      'Owners sign in with a code from an authenticator app. Add this key to your app (or open the link on your phone), then enter the code it shows.',
      [
        h(
          'p',
          {},
          'Key: ',
          h('code', { id: 'totp-secret' }, secret),
          ' ',
          h('a', { href: uri }, 'open in app'),
        ),
        field('totp-setup-code', 'Code', {
          inputmode: 'numeric',
          autocomplete: 'one-time-code',
          maxlength: '6',
        }),
      ],
      'Turn on',
      async () => {
        await pool.confirmTotp(session.accessToken, value('totp-setup-code'));
        await api(
          'POST',
          '/v1/me/mfa',
          { accessToken: session.accessToken } satisfies MfaBody,
          {},
          session.idToken,
        );
        await done(session, await meWith(session));
      },
    );
  };

  const forgot = (email: string) => {
    step(
      'Forgot your password?',
      'We will e-mail you a code to choose a new one.',
      [field('forgot-email', 'E-mail', { type: 'email', autocomplete: 'username', value: email })],
      'Send code',
      async () => {
        const address = value('forgot-email');
        await pool.forgotPassword(address);
        step(
          'Choose a new password',
          `If ${address} has an account, a 6-digit code is on its way.`,
          [
            field('reset-code', 'Code from the e-mail', {
              inputmode: 'numeric',
              autocomplete: 'one-time-code',
            }),
            field(
              'reset-password',
              'New password',
              { type: 'password', autocomplete: 'new-password' },
              PASSWORD_RULE,
            ),
          ],
          'Save password',
          async () => {
            await pool.confirmForgotPassword(address, value('reset-code'), value('reset-password'));
            signIn(address, 'Password changed. Sign in with your new password.');
          },
        );
      },
    );
  };

  const signIn = (email = '', note = '') => {
    const forgotLink = h('button', { type: 'button', class: 'ghost' }, 'Forgot your password?');
    forgotLink.addEventListener('click', () => forgot(value('email')));
    step(
      'Sign in',
      'Sign in with your e-mail and password. New here? Your invitation e-mail has a temporary password.',
      [
        field('email', 'E-mail', { type: 'email', autocomplete: 'username', value: email }),
        field('password', 'Password', { type: 'password', autocomplete: 'current-password' }),
      ],
      'Sign in',
      async () => {
        const address = value('email');
        if (!address || !byId<HTMLInputElement>('password').value) {
          error.textContent = 'Enter your e-mail and password.';
          return;
        }
        await next(address, await pool.signIn(address, byId<HTMLInputElement>('password').value));
      },
      forgotLink,
    );
    if (note) error.textContent = note;
  };

  signIn('', message);
};

const meWith = (session: Session) => api<Me>('GET', '/v1/me', undefined, {}, session.idToken);
