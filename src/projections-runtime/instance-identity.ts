import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** How a lease names its holder: `<host>:<pid>:<random>`, unique even when a pid is reused. */
const NAME = /^(.+):(\d+):[0-9a-f]+$/;

/** This process, as the projection leases name it. */
export function instanceName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * True when the named instance was a process of this machine that no longer runs (it crashed, or was killed):
 * its leases can be taken at once. Unknown (another machine, a name of another form, a live process): false,
 * and its leases are taken when they expire.
 */
export function isGoneFromThisMachine(owner: string): boolean {
  const match = NAME.exec(owner);
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
