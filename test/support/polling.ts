import { setTimeout as sleep } from 'node:timers/promises';

/** Generous: a busy two-core machine runs every suite at once. */
const WAIT_MS = 15_000;
/** Quick at first; long waits back off to this pause so as not to load the machine. */
const FIRST_PAUSE_MS = 10;
const LONGEST_PAUSE_MS = 100;

async function poll(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms: number,
  lastSeen: () => string,
): Promise<void> {
  const deadline = Date.now() + ms;
  let pause = FIRST_PAUSE_MS;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what}${lastSeen()}`);
    await sleep(pause);
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}

/** Polls `condition` until it holds, or fails after `ms` naming `what` it waited for. */
export function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = WAIT_MS,
): Promise<void> {
  return poll(condition, what, ms, () => '');
}

/**
 * Polls `read` until `done` holds for its value and returns that value, or fails after `ms`
 * naming `what` it waited for and the last value read.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  ms = WAIT_MS,
): Promise<T> {
  let last: { readonly value: T } | undefined;
  await poll(
    async () => {
      last = { value: await read() };
      return done(last.value);
    },
    what,
    ms,
    () => `; last value: ${JSON.stringify(last?.value)}`,
  );
  return last!.value;
}
