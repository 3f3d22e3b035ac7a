/**
 * Where a V8 CPU profile (`.cpuprofile`, from `--cpu-prof` or the inspector) spends its time:
 * the functions with the most self time, and self time summed per package.
 *
 *   npx ts-node --transpile-only bench/cpuprofile.ts <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  /** Milliseconds. */
  readonly ms: number;
  /** Share of the busy time (everything but `(idle)`). */
  readonly share: number;
}

export interface ProfileSummary {
  /** Wall time the profile covers, ms. */
  readonly wallMs: number;
  /** Sampled time not idle, ms. */
  readonly busyMs: number;
  readonly functions: readonly SelfTime[];
  readonly packages: readonly SelfTime[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** `node_modules/<pkg>` (with its scope), `node:` internals, the app's `src/`, or the bench. */
export function packageOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return frame.functionName;
  const { url } = frame;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node: (Node.js internals)';
  if (url.includes('/src/')) return 'src/ (the app)';
  if (url.includes('/bench/')) return 'bench/';
  if (url === '') return '(native / V8 builtins)';
  return url;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const src = url.lastIndexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

function functionLabel(frame: CallFrame): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  return `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

/** Self time per node id, in microseconds, from the samples (or hit counts when absent). */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  if (samples && timeDeltas && samples.length === timeDeltas.length) {
    // timeDeltas[i] is the time since the previous sample: it belongs to sample i - 1.
    for (let i = 0; i < samples.length; i += 1) {
      const delta = timeDeltas[i + 1] ?? 0;
      const id = samples[i];
      times.set(id, (times.get(id) ?? 0) + Math.max(0, delta));
    }
    return times;
  }
  const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const perHit = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
  for (const node of profile.nodes) times.set(node.id, (node.hitCount ?? 0) * perHit);
  return times;
}

function top(totals: Map<string, number>, busyUs: number, count: number): SelfTime[] {
  return [...totals.entries()]
    .filter(([name]) => name !== '(idle)')
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
}

export function summarizeProfile(profile: CpuProfile, count = 15): ProfileSummary {
  const times = selfTimes(profile);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busyUs = 0;
  for (const node of profile.nodes) {
    const us = times.get(node.id) ?? 0;
    if (us === 0) continue;
    if (node.callFrame.functionName !== '(idle)') busyUs += us;
    const fn = functionLabel(node.callFrame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const pkg = packageOf(node.callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: busyUs / 1000,
    functions: top(byFunction, busyUs, count),
    packages: top(byPackage, busyUs, count),
  };
}

const pct = (share: number): string => `${(share * 100).toFixed(1).padStart(5)}%`;

/** Lines for a report: the busy share of the wall time, then packages and functions. */
export function formatSummary(summary: ProfileSummary): string[] {
  const lines = [
    `  profiled ${(summary.wallMs / 1000).toFixed(1)} s, busy (not idle) ${(summary.busyMs / 1000).toFixed(1)} s ` +
      `(${pct(summary.wallMs > 0 ? summary.busyMs / summary.wallMs : 0).trim()} of one core)`,
    '  self time by package (share of busy time):',
    ...summary.packages.map((entry) => `    ${pct(entry.share)}  ${entry.name}`),
    '  top functions by self time:',
    ...summary.functions.map((entry) => `    ${pct(entry.share)}  ${entry.name}`),
  ];
  return lines;
}

export function readProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
}

if (require.main === module) {
  const [path, count] = process.argv.slice(2);
  if (!path) {
    console.error('usage: cpuprofile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const summary = summarizeProfile(readProfile(path), count ? Number(count) : 25);
  console.log(formatSummary(summary).join('\n'));
}
