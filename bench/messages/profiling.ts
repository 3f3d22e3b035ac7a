/** Profiles of a measurement: V8's of the server (inspector, in the child) and perf of FerretDB. */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { formatSummary, readProfile, summarizeProfile } from '../cpuprofile';
import type { ProfileStarted, ProfileWritten } from '../messages.server';
import { ask } from '../support';
import type { Options } from './options';
import { children, type Server } from './servers';

export async function profileStart(server: Server, options: Options): Promise<boolean> {
  if (!options.profileDir) return false;
  await ask<ProfileStarted>(server.child, { type: 'profile-start' }, 'profiling');
  return true;
}

export async function profileStop(server: Server, options: Options, name: string): Promise<void> {
  if (!options.profileDir) return;
  const path = join(options.profileDir, `${name}.cpuprofile`);
  await ask<ProfileWritten>(server.child, { type: 'profile-stop', path }, 'profiled', 120_000);
  console.log(`\nV8 CPU profile of the ${server.label} server (${path}):`);
  console.log(formatSummary(summarizeProfile(readProfile(path), 15)).join('\n'));
}

export function perfAvailable(): boolean {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface PerfRecording {
  readonly path: string;
  stop(): Promise<void>;
}

/** `perf record` of one process (cpu-clock samples with call graphs) until `stop()`. */
export function perfRecord(pid: number, path: string): PerfRecording | undefined {
  const perf = spawn(
    'perf',
    ['record', '-e', 'cpu-clock', '-F', '499', '-g', '-p', String(pid), '-o', path],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.add(perf);
  let output = '';
  perf.stderr.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  });
  return {
    path,
    stop: () =>
      new Promise((done) => {
        if (perf.exitCode !== null) {
          console.log(`perf record ended early: ${output}`);
          children.delete(perf);
          done();
          return;
        }
        const force = setTimeout(() => perf.kill('SIGKILL'), 30_000);
        perf.once('exit', () => {
          clearTimeout(force);
          children.delete(perf);
          done();
        });
        perf.kill('SIGINT');
      }),
  };
}

/** The top lines of `perf report`: self time per symbol, then per shared object. */
export function perfReport(path: string): void {
  const report = (args: string[]): string[] =>
    execFileSync('perf', ['report', '-i', path, '--stdio', '-q', ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter((line) => /^\s+\d/.test(line))
      .map((line) => line.trim().replace(/(\s+-)+$/, ''));
  try {
    console.log(`\nperf of the FerretDB process (${path}), self time by symbol:`);
    for (const line of report(['--no-children', '--sort', 'symbol', '-g', 'none']).slice(0, 20)) {
      console.log(`  ${line}`);
    }
    const inclusive = report(['--children', '--sort', 'symbol', '-g', 'none']);
    console.log('by MongoDB command (FerretDB handler, including callees):');
    for (const line of inclusive.filter((entry) => /\(\*Handler\)\.Msg\w+$/.test(entry))) {
      console.log(`  ${line}`);
    }
    console.log('by symbol including callees (children):');
    for (const line of inclusive.slice(0, 30)) console.log(`  ${line}`);
  } catch (error) {
    console.log(`perf report failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
