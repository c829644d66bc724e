import { createHash, randomBytes } from 'node:crypto';

/**
 * A time-ordered, URL-safe id (like a ULID in spirit): items sorted by it sort by creation time.
 *
 * @example
 * newId() // 'mhx3k2q0-9f2c1a7be4d0'
 */
export const newId = (now = Date.now()): string =>
  `${now.toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;

export const sha256Hex = (value: string | Buffer): string => createHash('sha256').update(value).digest('hex');
