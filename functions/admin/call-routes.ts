import type { CallDetail, CallList, CallView } from '../contracts/admin-api.js';
import { ANY_ROLE } from '../contracts/roles.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { type CallLog, callTranscript, getCallLog, listCallLogs } from '../store/call-logs.js';
import { type AdminRoute, tenantOf } from './router.js';

const CALL_SID = /^CA[0-9a-f]{32}$/;

const view = (call: CallLog): CallView => ({
  id: call.callSid,
  callSid: call.callSid,
  from: call.from,
  to: call.to,
  startedAt: call.startedAt,
  endedAt: call.endedAt,
  durationSeconds: call.durationSeconds,
  // A call Twilio has not reported over is still going on.
  outcome: call.outcome ?? (call.endedAt ? 'dropped' : 'in-progress'),
  status: call.status,
  sentiment: call.sentiment,
  mode: call.mode,
  turns: call.turns,
});

/** The business's phone calls and each one's transcript. */
export const callRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/calls',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const calls = await listCallLogs(runtime.table, tenantOf(request));
      return jsonResponse(200, { calls: calls.map(view) } satisfies CallList);
    },
  },
  {
    method: 'GET',
    path: '/v1/calls/{id}',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const id = request.params.id ?? '';
      // Another tenant's call SID finds nothing: the lookup is inside this tenant's partition.
      const call = CALL_SID.test(id) ? await getCallLog(runtime.table, tenantId, id) : undefined;
      if (!call) throw new HttpError(404, 'Not found');
      const transcript = await callTranscript(runtime.table, tenantId, id);
      return jsonResponse(200, { ...view(call), transcript } satisfies CallDetail);
    },
  },
];
