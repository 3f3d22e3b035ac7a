import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from '../harness/test-app';

const ROOT = join(__dirname, '..', '..');
const DASHBOARD = 'deploy/grafana/switchboard.json';

interface Panel {
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}

/** PromQL's own words: functions, aggregations and keywords, none of them a metric. */
const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'by',
  'without',
  'rate',
  'irate',
  'increase',
  'histogram_quantile',
  'clamp_min',
  'topk',
  'and',
  'or',
  'unless',
  'on',
  'ignoring',
  'offset',
]);

/**
 * The metric names a PromQL expression reads: its identifiers once label matchers, range
 * selectors, grouping clauses, strings and PromQL's own words are taken out.
 */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, '')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ');
  const words = stripped.match(/[a-zA-Z_:][\w:]*/g) ?? [];
  return words.filter((word) => !PROMQL_WORDS.has(word));
}

/** Every series name /metrics can carry: each metric, and a histogram's three series. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram')
      for (const part of ['bucket', 'sum', 'count']) names.add(`${name}_${part}`);
  }
  return names;
}

describe(`the Grafana dashboard (${DASHBOARD})`, () => {
  let exported: Set<string>;
  const dashboard = JSON.parse(readFileSync(join(ROOT, DASHBOARD), 'utf8')) as {
    readonly panels: readonly Panel[];
  };

  beforeAll(async () => {
    const t = await startApp();
    try {
      exported = exportedNames((await t.http.get('/api/v1/metrics').expect(200)).text);
    } finally {
      await t.close();
    }
  });

  it('reads the strings it knows are metrics as metric names, and only those', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, provider) (rate(a_bucket{state="open"}[$__rate_interval])))',
      ),
    ).toEqual(['a_bucket']);
  });

  it('queries only metrics the service exports, each panel at least one', () => {
    expect(dashboard.panels.length).toBeGreaterThan(0);
    for (const panel of dashboard.panels) {
      const names = (panel.targets ?? []).flatMap(({ expr }) => metricNames(expr));
      expect({ panel: panel.title, names: names.length > 0 }).toEqual({
        panel: panel.title,
        names: true,
      });
      expect({ panel: panel.title, unknown: names.filter((name) => !exported.has(name)) }).toEqual({
        panel: panel.title,
        unknown: [],
      });
    }
  });

  it("charts every one of the pipeline's metrics, and README lists them", () => {
    const charted = new Set(
      dashboard.panels.flatMap((panel) =>
        (panel.targets ?? []).flatMap(({ expr }) => metricNames(expr)),
      ),
    );
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const pipeline = [...exported].filter(
      (name) => name.startsWith('switchboard_') && !/_(bucket|sum|count)$/.test(name),
    );
    expect(pipeline.length).toBeGreaterThan(0);
    const histogramCharted = (name: string): boolean => charted.has(`${name}_bucket`);
    expect(pipeline.filter((name) => !charted.has(name) && !histogramCharted(name))).toEqual([]);
    expect(pipeline.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
