/** The summary of a run against its targets, and which code it measured. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixed } from '../support';
import type { AcceptResult } from './accept';
import { cpuLine } from './cpu';
import type { DispatchResult } from './dispatch';
import { MODE_LABEL, TARGETS } from './options';

const verdict = (met: boolean): string => (met ? 'MET' : 'MISSED');

export function printReport(
  accepts: readonly AcceptResult[],
  dispatches: readonly DispatchResult[],
  quiet: boolean,
  connections: number,
): void {
  console.log('\n=== summary ===');
  if (!quiet) console.log('(other test runs were active: figures distorted)');
  if (accepts.length > 0) {
    console.log(
      'mode            /me req/s   sms req/s   sms/me   /me p50/p99 ms   sms p50/p99 ms   sms CPU/req (node, ferretdb)',
    );
    for (const { mode, me, sms } of accepts) {
      console.log(
        [
          MODE_LABEL[mode].padEnd(14),
          fixed(me.requestsPerSecond).padStart(9),
          fixed(sms.requestsPerSecond).padStart(11),
          fixed(sms.requestsPerSecond / me.requestsPerSecond, 2).padStart(8),
          `${fixed(me.p50, 1)} / ${fixed(me.p99, 1)}`.padStart(16),
          `${fixed(sms.p50, 1)} / ${fixed(sms.p99, 1)}`.padStart(16),
          `   ${fixed(sms.serverUsPerRequest)} µs` +
            (sms.ferretUsPerRequest === undefined ? '' : `, ${fixed(sms.ferretUsPerRequest)} µs`),
        ].join(' '),
      );
    }
  }
  if (dispatches.length > 0) {
    console.log(
      '\nmode            messages   delivered   seconds   messages/s   10-90 % /s   CPU (share of one core)',
    );
    for (const run of dispatches) {
      console.log(
        [
          MODE_LABEL[run.mode].padEnd(14),
          fixed(run.messages).padStart(9),
          fixed(run.delivered).padStart(11),
          fixed(run.seconds, 2).padStart(9),
          fixed(run.perSecond).padStart(12),
          (run.steadyPerSecond === undefined ? '—' : fixed(run.steadyPerSecond)).padStart(12),
          `  ${cpuLine(run.cpu)}`,
        ].join(' '),
      );
    }
  }
  console.log('\ntargets (reported, not enforced):');
  const embedded = accepts.find((result) => result.mode === 'embedded');
  if (embedded) {
    const ratio = embedded.sms.requestsPerSecond / embedded.me.requestsPerSecond;
    console.log(
      `  accept >= ${TARGETS.acceptRatio * 100} % of /me (embedded): ${fixed(ratio * 100, 1)} %: ${verdict(ratio >= TARGETS.acceptRatio)}` +
        ` (${ratio >= TARGETS.acceptRatio ? '+' : ''}${fixed((ratio - TARGETS.acceptRatio) * 100, 1)} points)`,
    );
  }
  for (const { mode, sms } of accepts) {
    console.log(
      `  accept p99 < ${TARGETS.acceptP99Ms} ms at ${connections} connections (${MODE_LABEL[mode]}): ` +
        `${fixed(sms.p99, 1)} ms: ${verdict(sms.p99 < TARGETS.acceptP99Ms)}` +
        ` (${fixed(sms.p99 / TARGETS.acceptP99Ms, 2)}x the target)`,
    );
  }
  for (const run of dispatches.filter((result) => result.mode === 'ferretdb')) {
    console.log(
      `  dispatch >= ${fixed(TARGETS.dispatchPerSecond)} messages/s (FerretDB+Redis, ${fixed(run.messages)} messages): ` +
        `${fixed(run.perSecond)}/s: ${verdict(run.perSecond >= TARGETS.dispatchPerSecond)}` +
        ` (${fixed((run.perSecond / TARGETS.dispatchPerSecond) * 100, 1)} % of the target)`,
    );
  }
}

/**
 * Which code was measured: a hash of every file under src/, and the one changed last. Someone
 * may be editing src/ while the bench runs; this ties the figures to a version.
 */
export function codeFingerprint(): string {
  const root = join(__dirname, '..', '..', 'src');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(root);
  files.sort();
  const hash = createHash('sha256');
  let newest = { path: '', mtime: 0 };
  for (const path of files) {
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    const { mtimeMs } = statSync(path);
    if (mtimeMs > newest.mtime) newest = { path, mtime: mtimeMs };
  }
  return (
    `src/ sha256 ${hash.digest('hex').slice(0, 12)} (${files.length} files; last changed ` +
    `${relative(root, newest.path)} at ${new Date(newest.mtime).toISOString()})`
  );
}
