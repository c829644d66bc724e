/**
 * zod classic under zod/mini's names, for the bench's naive side of "zod/mini vs zod classic":
 * esbuild aliases `zod/mini` here, so the real webhook's schemas are built by classic's
 * constructors, as they were before issue 19's round 3, with nothing else changed.
 */
import type * as z from 'zod';

export * from 'zod';
export { gte as minimum, lte as maximum } from 'zod';
export const partial = <T extends z.ZodObject>(schema: T) => schema.partial();
