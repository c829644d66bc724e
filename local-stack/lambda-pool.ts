/**
 * Handler instances the way Lambda keeps execution environments: each instance serves one
 * invocation at a time, and a new one is made when all are busy. Handlers keep per-invocation
 * state at module scope (Powertools' batch processor holds the batch's failures), so sharing one
 * instance between concurrent deliveries would mix their batch responses.
 */
export const createLambdaPool = <E, R>(create: () => (event: E) => Promise<R>) => {
  const idle: Array<(event: E) => Promise<R>> = [];
  return async (event: E): Promise<R> => {
    const handler = idle.pop() ?? create();
    try {
      return await handler(event);
    } finally {
      idle.push(handler);
    }
  };
};
