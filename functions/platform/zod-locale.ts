import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * English messages for zod's built-in checks ("Too big: expected string to have <=200
 * characters"). zod classic sets them when its first schema is built; zod/mini, which the
 * webhooks use to stay small, sets none and would answer "Invalid input" to everything. The
 * messages reach people: 400 bodies of the webhooks and the widget, and a stage's config errors.
 * Imported for this effect by `config.ts` (every function loads it) and `http.ts`.
 */
z.config(en());
