/** What Frontdesk says on the phone, in one place so the voice stays consistent. */
export const voiceLines = {
  greeting: (name: string) =>
    `Hello, you've reached ${name}. I'm the virtual assistant. How can I help you today?`,
  oneMoment: () => 'One moment while I check.',
  stillChecking: () => 'Still checking, thanks for waiting.',
  anythingElse: () => 'Is there anything else I can help you with?',
  stillThere: () => 'Are you still there? What would you like to know?',
  tookTooLong: () => "I'm sorry, that is taking too long. Could you ask me again, perhaps in other words?",
  goodbye: (name: string) => `Thank you for calling ${name}. Goodbye!`,
  silentGoodbye: (name: string) =>
    `I haven't heard anything, so I'll hang up now. Thank you for calling ${name}. Goodbye!`,
  tooLong: (name: string) => `We've covered a lot. Please call ${name} again any time. Goodbye!`,
  notConnected: () => "Sorry, this number isn't connected to a business yet. Goodbye.",
  technicalProblem: () =>
    "Sorry, we're having a technical problem. Please call again in a few minutes. Goodbye.",
};
