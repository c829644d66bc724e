import * as z from 'zod';

/** `GET /v1/website` and `PUT /v1/website`: the chat widget of the business's own site. */
export const WebsiteSchema = z.strictObject({
  /** The snippet's `data-business`: the business's public id, which grants nothing by itself. */
  business: z.string(),
  allowedOrigins: z.array(z.string()),
  accentColor: z.string(),
  greeting: z.string(),
  title: z.string(),
  updatedAt: z.string().optional(),
});
export type Website = z.infer<typeof WebsiteSchema>;
