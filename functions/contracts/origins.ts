/**
 * An origin as browsers send it in the Origin header: scheme, host and a port only when it is
 * not the scheme's default, lower-case, no path. Undefined for anything else (`null`, a path).
 *
 * @example
 * normaliseOrigin('HTTPS://Shop.Example.com:443') // 'https://shop.example.com'
 */
export const normaliseOrigin = (value: string | undefined): string | undefined => {
  if (!value || value === 'null') return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
};

/** Whether a request's Origin header names one of the business's listed origins exactly. */
export const originAllowed = (origin: string | undefined, allowed: readonly string[]): boolean => {
  const normal = normaliseOrigin(origin);
  return Boolean(normal) && allowed.includes(normal!);
};
