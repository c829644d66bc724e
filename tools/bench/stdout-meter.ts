/**
 * Counts what the process writes to stdout (Powertools' JSON logs and EMF metrics, which
 * CloudWatch Logs bills by the byte) and keeps it off the terminal while the bench runs.
 */
export const meterStdout = () => {
  const original = process.stdout.write.bind(process.stdout);
  let bytes = 0;
  let muted = false;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (!muted) return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return {
    /** Swallow and count from now on; returns the bytes counted since the last call. */
    mute: () => {
      muted = true;
    },
    unmute: () => {
      muted = false;
    },
    take: (): number => {
      const counted = bytes;
      bytes = 0;
      return counted;
    },
  };
};
