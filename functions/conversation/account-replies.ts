/** What an owner is told about `!account`. */
export const accountReplies = {
  invited: (email: string, name: string) =>
    `An invitation to the ${name} console is on its way to ${email}: sign in with that e-mail and the temporary password in it, then choose your own password.`,
  exists: (email: string) =>
    `${email} already has an account. Sign in to the console with it (use "Forgot password" if needed).`,
  unavailable: () => 'Accounts are not set up on this installation yet; ask the platform operator.',
};
