import type { mongo } from 'mongoose';

type Document = mongo.Document;

/** A list query as a store issues it: what it matches and the order it pages in. */
export interface ListQuery {
  readonly filter: Document;
  readonly sort: Readonly<Record<string, 1 | -1>>;
}

/** Fields the filter matches by one value (`{field: value}` or `{field: {$eq: value}}`). */
export function equalityFields(filter: Document): string[] {
  return Object.entries(filter)
    .filter(([field, value]) => {
      if (field.startsWith('$')) return false;
      const operators =
        typeof value === 'object' && value !== null && !(value instanceof Date)
          ? Object.keys(value as Document)
          : [];
      return operators.length === 0 || (operators.length === 1 && operators[0] === '$eq');
    })
    .map(([field]) => field);
}

/**
 * The index that serves the query by MongoDB's rule for filter and sort together: its keys are
 * some of the filter's equality fields, then exactly the sort's fields in the sort's directions
 * (or all reversed). Of those, the one that narrows by the most equality fields.
 */
export function servingIndex(
  indexes: readonly mongo.IndexDescriptionInfo[],
  query: ListQuery,
): string | undefined {
  const equal = new Set(equalityFields(query.filter));
  const sort = Object.entries(query.sort);
  const serving = indexes.flatMap((index) => {
    const keys = Object.entries(index.key);
    const prefix = keys.length - sort.length;
    if (prefix < 0 || !keys.slice(0, prefix).every(([field]) => equal.has(field))) return [];
    const tail = keys.slice(prefix);
    const same = tail.every(([field, dir], at) => sort[at][0] === field && sort[at][1] === dir);
    const reversed = tail.every(
      ([field, dir], at) => sort[at][0] === field && sort[at][1] === -Number(dir),
    );
    return same || reversed ? [{ name: index.name ?? '', prefix }] : [];
  });
  return serving.sort((a, b) => b.prefix - a.prefix)[0]?.name;
}

/** Every `stage` in a MongoDB plan tree. */
function stagesOf(plan: unknown): string[] {
  if (typeof plan !== 'object' || plan === null) return [];
  const node = plan as Record<string, unknown>;
  const own = typeof node.stage === 'string' ? [node.stage] : [];
  const children = ['inputStage', 'inputStages', 'queryPlan', 'thenStage', 'elseStage']
    .map((key) => node[key])
    .flatMap((child) => (Array.isArray(child) ? child : [child]))
    .flatMap(stagesOf);
  return [...own, ...children];
}

/**
 * What the server reports about running the query. MongoDB: the stages of its winning plan.
 * FerretDB 1.24: no stages but PostgreSQL's plan of the SQL it sends (`Node Type`, `Filter`)
 * and whether it handed the filter to PostgreSQL (`filterPushdown`).
 */
export interface ReportedPlan {
  readonly server: 'mongodb' | 'ferretdb';
  readonly stages: readonly string[];
  readonly ferretDb?: {
    readonly filterPushdown: boolean;
    readonly nodeType: string;
    readonly sqlFilter: string;
  };
}

export async function explain(
  collection: mongo.Collection,
  query: ListQuery,
): Promise<ReportedPlan> {
  const explained = await collection.find(query.filter).sort(query.sort).limit(21).explain();
  const planner = explained.queryPlanner as Record<string, unknown>;
  const serverInfo = explained.serverInfo as Record<string, unknown> | undefined;
  if (serverInfo && 'ferretdbVersion' in serverInfo) {
    const plan = (planner.Plan ?? {}) as Record<string, unknown>;
    return {
      server: 'ferretdb',
      stages: [],
      ferretDb: {
        filterPushdown: explained.filterPushdown === true,
        nodeType: String(plan['Node Type']),
        sqlFilter: typeof plan.Filter === 'string' ? plan.Filter : '',
      },
    };
  }
  return { server: 'mongodb', stages: stagesOf(planner.winningPlan) };
}

/**
 * The query has `index` to serve it (its filter, then its order), and the server's plan says
 * what it does with it. MongoDB: its winning plan scans that index, or another, and sorts
 * nothing in memory. FerretDB 1.24 reports PostgreSQL's plan, not MongoDB's: it hands equality
 * filters to PostgreSQL as jsonb containment (`_jsonb -> 'appId' @> ...`), which the B-tree
 * indexes it builds on `_jsonb -> 'appId'` cannot serve, and sorts in its own code, so what it
 * reports is a sequential scan with the equality filter pushed down: asserted as reported.
 */
export async function expectServedBy(
  collection: mongo.Collection,
  query: ListQuery,
  index: string,
): Promise<void> {
  expect(servingIndex(await collection.indexes(), query)).toBe(index);
  const plan = await explain(collection, query);
  if (plan.server === 'mongodb') {
    expect(plan.stages).toContain('IXSCAN');
    expect(plan.stages).not.toContain('COLLSCAN');
    expect(plan.stages).not.toContain('SORT');
    return;
  }
  expect(plan.ferretDb?.nodeType).toBe('Seq Scan');
  const first = equalityFields(query.filter).at(0);
  if (first === undefined) return;
  expect(plan.ferretDb?.filterPushdown).toBe(true);
  expect(plan.ferretDb?.sqlFilter).toContain(`'${first}'`);
}
