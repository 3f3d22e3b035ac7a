/** The summary of a floor run and its goals, met or missed. */
import { fixed } from '../support';
import { type AcceptTotals, type Load, loadLine, type Total } from './accept';
import { type DispatchPair, dispatchLine } from './dispatch';
import { type FerretDbSetup, GOALS } from './options';

interface Goal {
  readonly name: string;
  readonly measured: string;
  readonly met: boolean;
}

/**
 * The accept goals compare throughput; on a shared machine req/s moves with whatever else runs,
 * so the verdicts use the server's CPU per request in the median round (the throughput ratio it
 * would have on a core of its own), with req/s beside it. Latency is compared as measured.
 */
function acceptGoals(accept: AcceptTotals): Goal[] {
  const rate = (run: Load): number => run.requests / run.seconds;
  const cpu = (run: Total): number => run.medianCpuPerRequest;
  const ratio = cpu(accept.floor) / cpu(accept.app);
  const p99 = accept.app.p99 / accept.floor.p99;
  const order = cpu(accept.bodyFirst) / cpu(accept.app);
  return [
    {
      name: `accept >= ${GOALS.acceptRatio}x baseline (a)`,
      measured: `${fixed(ratio, 2)}x by CPU/req (${fixed(cpu(accept.app))} vs ${fixed(cpu(accept.floor))} µs); req/s ${fixed(rate(accept.app) / rate(accept.floor), 2)}x (${fixed(rate(accept.app))} vs ${fixed(rate(accept.floor))})`,
      met: ratio >= GOALS.acceptRatio,
    },
    {
      name: `accept p99 <= ${GOALS.acceptP99Ratio}x baseline (a)'s`,
      measured: `${fixed(p99, 2)}x (${fixed(accept.app.p99, 1)} vs ${fixed(accept.floor.p99, 1)} ms)`,
      met: p99 <= GOALS.acceptP99Ratio,
    },
    {
      name: `body read last costs <= ${fixed((1 - GOALS.parsingOrderRatio) * 100)} % of accept`,
      measured: `${fixed(order, 3)}x of body first by CPU/req (${fixed(cpu(accept.app))} vs ${fixed(cpu(accept.bodyFirst))} µs); req/s ${fixed(rate(accept.app) / rate(accept.bodyFirst), 3)}x (${fixed(rate(accept.app))} vs ${fixed(rate(accept.bodyFirst))})`,
      met: order >= GOALS.parsingOrderRatio,
    },
  ];
}

/** Dispatch against baseline (b) at each backlog, and flatness, for one FerretDB set-up. */
function dispatchGoalsOf(setup: FerretDbSetup, pairs: readonly DispatchPair[]): Goal[] {
  const goals = pairs.map((pair) => ({
    name: `dispatch >= ${GOALS.dispatchRatio}x baseline (b) at ${fixed(pair.backlog)}, FerretDB ${setup}`,
    measured: `${fixed(pair.app.perSecond / pair.floor.perSecond, 2)}x (${fixed(pair.app.perSecond)} vs ${fixed(pair.floor.perSecond)} messages/s)`,
    met: pair.app.perSecond / pair.floor.perSecond >= GOALS.dispatchRatio,
  }));
  const [first, last] = [pairs.at(0), pairs.at(-1)];
  if (first && last && first !== last) {
    const flat = last.app.steadyPerSecond / first.app.steadyPerSecond;
    const floorFlat = last.floor.steadyPerSecond / first.floor.steadyPerSecond;
    goals.push({
      name: `steady dispatch at ${fixed(last.backlog)} within ${fixed((1 - GOALS.flatRatio) * 100)} % of at ${fixed(first.backlog)}, FerretDB ${setup}`,
      measured: `${fixed(flat, 2)}x (${fixed(last.app.steadyPerSecond)} vs ${fixed(first.app.steadyPerSecond)} messages/s; baseline (b) ${fixed(floorFlat, 2)}x)`,
      met: Math.abs(flat - 1) <= 1 - GOALS.flatRatio,
    });
  }
  return goals;
}

function dispatchGoals(pairs: readonly DispatchPair[]): Goal[] {
  const setups = [...new Set(pairs.map((pair) => pair.setup))];
  return setups.flatMap((setup) =>
    dispatchGoalsOf(
      setup,
      pairs.filter((pair) => pair.setup === setup),
    ),
  );
}

export function report(accept: AcceptTotals | undefined, pairs: readonly DispatchPair[]): void {
  console.log('\n=== summary ===');
  if (accept) {
    console.log(loadLine('baseline (a) bare Nest', accept.floor));
    console.log(loadLine('app', accept.app));
    console.log(loadLine('app, body read first', accept.bodyFirst));
  }
  for (const pair of pairs) {
    const where = `${fixed(pair.backlog)}, ${pair.setup}`;
    console.log(dispatchLine(`baseline (b) at ${where}`, pair.floor));
    console.log(dispatchLine(`app at ${where}`, pair.app));
  }
  const goals = [...(accept ? acceptGoals(accept) : []), ...dispatchGoals(pairs)];
  console.log('\ngoals (reported, not enforced):');
  for (const goal of goals)
    console.log(`  ${goal.met ? 'MET   ' : 'MISSED'}  ${goal.name}: ${goal.measured}`);
  const missed = goals.filter((goal) => !goal.met);
  console.log(
    missed.length === 0
      ? '\nevery goal met'
      : `\ngoals missed: ${missed.map((goal) => goal.name).join('; ')}`,
  );
}
