import type { ChildProcess } from 'node:child_process';

/** A server to kill: FerretDB may have a PostgreSQL cluster of its own under it. */
interface Killable {
  readonly pid: number;
  readonly postgres?: { readonly pid: number };
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Kills every child and server still running, at once: a watchdog or a signal ends the run.
 * A PostgreSQL postmaster gets SIGQUIT (immediate shutdown: it ends its backends, which SIGKILL
 * would leave running); its temporary cluster folder stays under the system's temp folder.
 */
export function killAll(children: Iterable<ChildProcess>, servers: Iterable<Killable>): void {
  for (const child of children) child.kill('SIGKILL');
  for (const server of servers) {
    signal(server.pid, 'SIGKILL');
    if (server.postgres) signal(server.postgres.pid, 'SIGQUIT');
  }
}
