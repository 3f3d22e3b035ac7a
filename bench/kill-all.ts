import type { ChildProcess } from 'node:child_process';

/** Kills every child and server still running, at once: a watchdog or a signal ends the run. */
export function killAll(
  children: Iterable<ChildProcess>,
  servers: Iterable<{ readonly pid: number }>,
): void {
  for (const child of children) child.kill('SIGKILL');
  for (const server of servers) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
