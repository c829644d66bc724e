import { FrontdeskError } from '../platform/errors.js';

/** A model stage failed (HTTP error, timeout, or a reply that is not the agreed JSON). */
export class ModelCallError extends FrontdeskError {}
