import { type AnswerGapBody, AnswerGapBodySchema } from '../contracts/admin/requests.js';
import type { GapAnswered } from '../contracts/admin-api.js';
import { OWNER_AND_STAFF } from '../contracts/roles.js';
import { answerKnowledgeGap } from '../knowledge/answer-gap.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { type AdminRoute, tenantOf } from './router.js';

/** One click from "customers asked this and we could not answer" to knowledge that answers it. */
export const knowledgeGapRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/insights/gaps/{id}/answer',
    access: OWNER_AND_STAFF,
    body: AnswerGapBodySchema,
    async handle(request, runtime) {
      const id = request.params.id ?? '';
      const { answer } = request.body as AnswerGapBody;
      const knowledge = { table: runtime.table, index: runtime.knowledge };
      const fact = /^[0-9a-f]{16}$/.test(id)
        ? await answerKnowledgeGap(knowledge, tenantOf(request), id, answer)
        : undefined;
      if (!fact) throw new HttpError(404, 'Not found');
      return jsonResponse(201, {
        gapId: id,
        status: 'closed',
        documentId: fact.documentId,
        text: fact.text,
      } satisfies GapAnswered);
    },
  },
];
