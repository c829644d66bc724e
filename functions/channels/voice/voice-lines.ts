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
  puttingThrough: (name: string) =>
    `Of course. I'm putting you through to someone at ${name} now. One moment.`,
  leaveMessage: (name: string) =>
    `No one at ${name} can come to the phone right now. Please tell me your message, with your name, and I'll pass it on so they can call you back.`,
  messageTaken: () => "Thank you, I've passed your message on. Is there anything else I can help you with?",
  ownerVoicemail: (name: string, caller: string, message: string, transcript: string) =>
    `${name}: ${caller} called and left a message: "${message}". The call so far: ${transcript}`,
  technicalProblem: () =>
    "Sorry, we're having a technical problem. Please call again in a few minutes. Goodbye.",
};
