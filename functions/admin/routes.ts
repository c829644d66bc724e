import { assistantRoutes } from './assistant-routes.js';
import { auditRoutes } from './audit-routes.js';
import { callRoutes } from './call-routes.js';
import { channelRoutes } from './channel-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { dataRightsRoutes } from './data-rights-routes.js';
import { documentRoutes } from './document-routes.js';
import { insightRoutes } from './insight-routes.js';
import { keyRoutes } from './key-routes.js';
import { knowledgeGapRoutes } from './knowledge-gap-routes.js';
import { peopleRoutes } from './people-routes.js';
import { profileRoutes } from './profile-routes.js';
import type { AdminRoute } from './router.js';
import { takeoverRoutes } from './takeover-routes.js';
import { templateRoutes } from './template-routes.js';
import { tenantRoutes } from './tenant-routes.js';
import { usageRoutes } from './usage-routes.js';
import { websiteRoutes } from './website-routes.js';

/** Every admin API operation. Each feature adds its own list here. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...tenantRoutes,
  ...channelRoutes,
  ...documentRoutes,
  ...conversationRoutes,
  ...callRoutes,
  ...insightRoutes,
  ...profileRoutes,
  ...assistantRoutes,
  ...takeoverRoutes,
  ...knowledgeGapRoutes,
  ...usageRoutes,
  ...keyRoutes,
  ...templateRoutes,
  ...auditRoutes,
  ...peopleRoutes,
  ...dataRightsRoutes,
  ...websiteRoutes,
];
