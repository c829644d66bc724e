import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../platform/observability.js';
import type { SecretStore } from '../../platform/secrets.js';
import { getCallLog } from '../../store/call-logs.js';
import type { Table } from '../../store/client.js';
import { putConnection } from '../../store/socket-connections.js';
import { verifyTwilioSignature } from '../twilio/signature.js';

/**
 * The WebSocket URL a call is sent to. It names the call and its business; Twilio signs the
 * handshake over this exact URL, so a connection that verifies was opened by Twilio for that call.
 */
export const relaySocketUrl = (relayUrl: string, call: { callSid: string; tenantId: string }): string =>
  `${relayUrl}?kind=voice&call=${encodeURIComponent(call.callSid)}&tenant=${encodeURIComponent(call.tenantId)}`;

export interface RelayConnectRequest {
  connectionId: string;
  query: Record<string, string | undefined>;
  signature: string | undefined;
}

/**
 * `$connect` of a call: the handshake must carry Twilio's signature over the URL the voice
 * webhook gave, and name a call that webhook started on ConversationRelay. The connection is
 * then bound to that call and business; anything else is refused before a frame is read.
 */
export const connectRelayCall = async (
  request: RelayConnectRequest,
  deps: { table: Table; secrets: SecretStore; relayUrl: string | undefined },
): Promise<boolean> => {
  const callSid = request.query.call ?? '';
  const tenantId = request.query.tenant ?? '';
  const authToken = await deps.secrets.get('TWILIO_AUTH_TOKEN');
  if (!authToken || !deps.relayUrl) {
    logger.error('ConversationRelay is not configured: TWILIO_AUTH_TOKEN and VOICE_RELAY_URL are required');
    return false;
  }
  if (!/^CA[0-9a-f]{32}$/.test(callSid) || !/^[\w-]{1,64}$/.test(tenantId)) return refuse('malformed call');
  const valid = verifyTwilioSignature({
    authToken,
    signature: request.signature,
    url: relaySocketUrl(deps.relayUrl, { callSid, tenantId }),
    params: {},
  });
  if (!valid) return refuse('invalid Twilio signature');
  const call = await getCallLog(deps.table, tenantId, callSid);
  if (call?.mode !== 'relay' || call.endedAt) return refuse('no such call waiting for its relay');
  await putConnection(deps.table, {
    kind: 'voice',
    connectionId: request.connectionId,
    tenantId,
    callSid,
    from: call.from,
    to: call.to,
    turn: 0,
  });
  metrics.addMetric('CallRelayConnected', MetricUnit.Count, 1);
  return true;
};

const refuse = (reason: string): false => {
  metrics.addMetric('SocketRefused', MetricUnit.Count, 1);
  logger.warn('WebSocket connection refused', { reason });
  return false;
};
