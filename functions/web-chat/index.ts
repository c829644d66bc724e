import { createCoreRuntime } from '../composition/core-runtime.js';
import { loadConfig } from '../platform/config.js';
import { createWebChatHandler } from './app.js';

// The core alone (table, secrets, answer queue): the widget's routes never answer themselves.
export const handler = createWebChatHandler(createCoreRuntime(loadConfig()));
