import { loadConfig } from '../platform/config.js';
import { createHealthHandler } from './app.js';

export const handler = createHealthHandler(loadConfig());
