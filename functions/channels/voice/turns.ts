/**
 * A phone call has no message ids: each thing the caller says is identified by the call and the
 * turn it answers (`CA...:3`). The turn number travels in the signed URLs of the call's TwiML,
 * so a retried webhook names the same turn and is queued once.
 */
export const voiceTurnId = (callSid: string, turn: number): string => `${callSid}:${turn}`;

export const parseVoiceTurnId = (id: string | undefined): { callSid: string; turn: number } | undefined => {
  const match = /^(CA[0-9a-f]{32}):(\d{1,4})$/.exec(id ?? '');
  return match ? { callSid: match[1]!, turn: Number(match[2]) } : undefined;
};
