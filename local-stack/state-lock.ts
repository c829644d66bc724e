import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStartError } from './start-errors.js';

const LOCK_FILE = 'frontdesk.pid';

/** True when a process with this id is running (EPERM: it runs, as another user). */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Claims a state folder for this process, so a second stack on the same folder stops with a
 * sentence instead of dynalite's "Database is closed" (its database takes one process at a time).
 * The lock is a file holding the owner's process id; a lock left by a process that died (a
 * SIGKILL, a crash) is taken over. Returns the release function; ':memory:' needs no lock.
 */
export const lockStateDir = (stateDir: string): (() => void) => {
  if (stateDir === ':memory:') return () => {};
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const owner = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
      throw new LocalStartError(
        `The state folder ${stateDir} is in use by another Frontdesk (process ${owner}); two stacks cannot share one database. ` +
          `Stop the other one (Ctrl+C in its terminal, or kill ${owner}), or give this one its own folder: ` +
          'FRONTDESK_STATE_DIR=.frontdesk-2 npm start (or FRONTDESK_STATE_DIR=:memory: to keep nothing)',
      );
    }
    rmSync(path, { force: true });
  }
};
