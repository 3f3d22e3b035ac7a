import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller, Fixtures } from './fixtures';

const ROOT = join(__dirname, '..', '..');
const SCHEMATHESIS = join(ROOT, '.venv', 'bin', 'schemathesis');
const INSTALL = join(ROOT, 'scripts', 'install-contract-tools.sh');
const HOOKS = join(__dirname, 'hooks.py');
const DOCUMENT = join(ROOT, 'openapi.json');

/** What one run reports: the figures CI logs, and the failures by check. */
export interface RunReport {
  readonly caller: Caller;
  readonly seed: number;
  readonly checks: Checks;
  readonly exitCode: number;
  readonly operations: number;
  readonly cases: number;
  readonly failures: number;
  readonly errors: number;
  readonly seconds: number;
  /** The CLI's own output: what failed, and how to replay it. */
  readonly output: string;
  readonly reportDirectory: string;
}

export interface RunOptions {
  readonly baseUrl: string;
  readonly caller: Caller;
  readonly credential: string;
  readonly fixtures: Fixtures;
  readonly seed: number;
  readonly maxExamples: number;
  readonly phases: readonly Phase[];
  readonly checks: Checks;
}

export type Phase = 'examples' | 'coverage' | 'fuzzing' | 'stateful';

/**
 * Statuses that refuse a schema-violating request: schemathesis's own list plus 413. A drawn
 * body larger than the route's limit is refused by size before it is parsed (issue 11's order
 * of work), which is a refusal like 400, documented on every route that takes a body.
 */
const NEGATIVE_STATUSES = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, '5xx'];

/**
 * `all`: schemathesis's default checks (the contract's conformance) and the response-time limit.
 * `hostile-input`: only what no input may cause, whatever the document says: a 5xx, or an
 * answer slower than the limit.
 */
export type Checks = 'all' | 'hostile-input';

/** The `[checks]` lines of a run. */
const CHECK_LINES: Readonly<Record<Checks, readonly string[]>> = {
  all: [
    'max_response_time = 1',
    `negative_data_rejection.expected-statuses = ${JSON.stringify(NEGATIVE_STATUSES)}`,
  ],
  'hostile-input': [
    'enabled = false',
    'not_a_server_error.enabled = true',
    'max_response_time = 1',
  ],
};

/**
 * Installs the pinned schemathesis unless it is there at that version
 * (scripts/install-contract-tools.sh, quick when nothing is to do), so that `npm test` runs
 * the suite on a machine that has only Python.
 */
export function ensureSchemathesis(): string {
  const install = spawnSync('bash', [INSTALL], { cwd: ROOT, encoding: 'utf8' });
  if (install.status !== 0 || !existsSync(SCHEMATHESIS)) {
    throw new Error(
      `schemathesis is not installed and could not be: run \`bash scripts/install-contract-tools.sh\`\n${install.stdout}${install.stderr}`,
    );
  }
  return SCHEMATHESIS;
}

const quote = (value: string): string => JSON.stringify(value);

/** `key = "value"` lines of a TOML inline table. */
const inline = (entries: Record<string, string>): string =>
  `{ ${Object.entries(entries)
    .map(([key, value]) => `${quote(key)} = ${quote(value)}`)
    .join(', ')} }`;

/**
 * Operations whose schema-valid requests may still be refused with 400, each for a rule the
 * document states in words but no schema can: for these, the schema-valid-request check also
 * takes 400 (with the error schema, which the other checks still verify). Every other check
 * stays on for them.
 */
const REFUSED_BY_WORDED_RULES: Readonly<Record<string, string>> = {
  'PUT /api/v1/apps/{appId}/senders':
    'entries are checked as addresses and host names (validator.js isEmail and isFQDN) and as possible phone numbers (libphonenumber), and are unique once lower-cased',
  'PUT /api/v1/apps/{appId}/twiml-policy':
    'URL hosts are checked as host names or IPv4 addresses (validator.js isFQDN and isIP)',
  'POST /api/v1/suppressions': 'the address is checked as an email address (validator.js isEmail)',
  'PUT /api/v1/apps/{appId}/engagement-defaults':
    'unsubscribeMailto is checked as an email address (validator.js isEmail)',
};
const POSITIVE_STATUSES = ['2xx', '3xx', 400, 401, 403, 404, 409, 429, '5xx'];

/**
 * The configuration of one run: the caller's credential for its security scheme, existing
 * records for the parameters that name one, and a real cursor for each list route.
 */
function configuration(options: RunOptions): string {
  const { fixtures, caller } = options;
  const scheme =
    caller === 'key'
      ? `[auth.openapi.api-key]\napi_key = ${quote(options.credential)}`
      : `[auth.openapi.jwt]\nbearer = ${quote(options.credential)}`;
  const parameters = {
    'path.appId': fixtures.otherAppId,
    'path.keyId': fixtures.keyId,
    'path.templateId': fixtures.templateId,
    'path.messageId': fixtures.scheduledMessageId,
    'path.userId': fixtures.userId,
    'path.notificationId': fixtures.notificationId,
    'path.broadcastId': fixtures.broadcastId,
    'path.address': fixtures.suppressedAddress,
    'query.appId': fixtures.appId,
  };
  // An event stream stays open: read what it sends in its first second, then let go (the
  // response-time check still measures the time to its headers).
  const stream = `[[operations]]\ninclude-name = "GET /api/v1/inbox/{userId}/stream"\nrequest-timeout = 1`;
  const preview = `[[operations]]\ninclude-name = "POST /api/v1/templates/{templateId}/preview"\nparameters = ${inline({ 'path.templateId': fixtures.stableTemplateId })}`;
  const worded = Object.keys(REFUSED_BY_WORDED_RULES).map(
    (name) =>
      `[[operations]]\ninclude-name = ${quote(name)}\nchecks.positive_data_acceptance.expected-statuses = ${JSON.stringify(POSITIVE_STATUSES)}`,
  );
  const cursors = Object.entries(fixtures.cursors).map(
    ([path, cursor]) =>
      `[[operations]]\ninclude-name = ${quote(`GET ${path}`)}\nparameters = ${inline({ 'query.cursor': cursor })}`,
  );
  return [
    `hooks = ${quote(HOOKS)}`,
    'workers = 1',
    '[generation]',
    'database = ":memory:"',
    '[checks]',
    ...CHECK_LINES[options.checks],
    '[parameters]',
    ...Object.entries(parameters).map(([key, value]) => `${quote(key)} = ${quote(value)}`),
    scheme,
    stream,
    preview,
    ...(options.checks === 'all' ? worded : []),
    ...cursors,
    '',
  ].join('\n');
}

interface JsonReport {
  exit_code: number;
  running_time: number;
  operations: { tested: number; errored: number };
  test_cases: { generated: number; unique_failures: number; errored: number };
}

function readReport(directory: string, output: string): JsonReport {
  const file = readdirSync(directory).find((name) => name.endsWith('.json'));
  if (file === undefined) throw new Error(`schemathesis wrote no report:\n${output}`);
  return JSON.parse(readFileSync(join(directory, file), 'utf8')) as JsonReport;
}

/** Drives every operation of openapi.json as one caller, with schemathesis's default checks. */
export async function runSchemathesis(options: RunOptions): Promise<RunReport> {
  const binary = SCHEMATHESIS;
  const directory = mkdtempSync(join(tmpdir(), `contract-${options.caller}-`));
  const config = join(directory, 'schemathesis.toml');
  writeFileSync(config, configuration(options));
  const args = [
    '--config-file',
    config,
    'run',
    DOCUMENT,
    '--url',
    options.baseUrl,
    '--seed',
    String(options.seed),
    '--max-examples',
    String(options.maxExamples),
    '--phases',
    options.phases.join(','),
    '--report',
    'json',
    '--report-dir',
    directory,
    '--no-color',
  ];
  const { code, output } = await runCli(binary, args, directory, {
    ...process.env,
    CONTRACT_TEMPLATE_NAME: options.fixtures.stableTemplateName,
    CONTRACT_APP_ID: options.fixtures.appId,
    CONTRACT_CALLER: options.caller,
  });
  const report = readReport(directory, output);
  return {
    caller: options.caller,
    seed: options.seed,
    checks: options.checks,
    exitCode: code,
    operations: report.operations.tested,
    cases: report.test_cases.generated,
    failures: report.test_cases.unique_failures,
    errors: report.test_cases.errored + report.operations.errored,
    seconds: Math.round(report.running_time),
    output,
    reportDirectory: directory,
  };
}

function runCli(
  binary: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve({ code: code ?? -1, output });
    });
  });
}

/** Longest line of schemathesis's output kept in a failure's message (its curl lines carry whole bodies). */
const LINE_CHARACTERS = 2_000;

/** The output with each line cut to LINE_CHARACTERS: the full cases stay in the report. */
export const shortened = (output: string): string =>
  output
    .split('\n')
    .map((line) =>
      line.length <= LINE_CHARACTERS
        ? line
        : `${line.slice(0, LINE_CHARACTERS)}… (${line.length - LINE_CHARACTERS} more characters)`,
    )
    .join('\n');

/** The line CI logs for a run. */
export const summary = (run: RunReport): string =>
  `contract (${run.caller === 'key' ? 'API key' : 'admin token'}, seed ${run.seed}, ${run.checks} checks): ` +
  `${run.operations} operations, ${run.cases} cases, ${run.failures} failures, ` +
  `${run.errors} errors, ${run.seconds} s`;
