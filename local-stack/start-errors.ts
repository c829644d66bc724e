/**
 * `npm start` could not start for a reason the person running it can fix. `bin/local.ts` prints
 * the message alone, without a stack trace; the cause is kept for anyone who wants it.
 */
export class LocalStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalStartError';
  }
}

/** Turns a failed `listen` into what to do about it; any other failure is returned as it was. */
export const explainListenFailure = (port: number, error: unknown): unknown => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new LocalStartError(
      `Port ${port} is already in use on 127.0.0.1, probably by another npm start. ` +
        `Stop that one (Ctrl+C in its terminal), or start on a free port: PORT=${port + 1} npm start`,
      { cause: error },
    );
  }
  if (code === 'EACCES') {
    return new LocalStartError(
      `This user may not listen on port ${port}. Pick a port above 1024: PORT=3000 npm start`,
      { cause: error },
    );
  }
  return error;
};
