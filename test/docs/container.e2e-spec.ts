import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLE_NAMES } from '../../src/app.settings';

/**
 * The Dockerfile and deploy/compose.yaml checked statically, as far as text can tell: no container
 * engine is needed to run the suite.
 */

const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly name: string;
  readonly instructions: readonly Instruction[];
}

/** The Dockerfile's stages, each with its instructions (continuation lines joined). */
function dockerStages(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: { name: string; instructions: Instruction[] }[] = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const name = /\bAS\s+(\S+)$/i.exec(instruction.args)?.[1] ?? String(stages.length);
      stages.push({ name, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const argsOf = (stage: Stage, keyword: string): string[] =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** The npm commands of a RUN line: `npm ci ...` or `npm run <script>`. */
const npmCommands = (run: string): string[] =>
  run
    .split('&&')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('npm '));

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

describe('the Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const runtime = stages.at(-1)!;
  const byName = new Map(stages.map((stage) => [stage.name, stage]));

  it('builds in one stage and runs from another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((stage) => argsOf(stage, 'RUN').includes('npm run build'));
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
    expect(argsOf(runtime, 'COPY')).toContain(`--from=${build?.name} /app/dist ./dist`);
  });

  it('runs npm only through `npm ci` and the scripts CI runs, which package.json defines', () => {
    const ci = read('.ci/run');
    const commands = stages.flatMap((stage) => argsOf(stage, 'RUN').flatMap(npmCommands));
    expect(commands).toContain('npm run build');
    for (const command of commands) {
      const script = /^npm run (\S+)$/.exec(command)?.[1];
      if (script) {
        expect(Object.keys(packageJson.scripts)).toContain(script);
        expect(ci).toContain(`npm run ${script}`);
      } else expect(command).toMatch(/^npm ci( |$)/);
    }
  });

  it('ships production dependencies only: the runtime installs nothing and copies an --omit=dev install', () => {
    expect(argsOf(runtime, 'RUN')).toEqual([]);
    const copied = argsOf(runtime, 'COPY').find((args) => args.endsWith('./node_modules'));
    const from = /--from=(\S+)/.exec(copied ?? '')?.[1];
    const installs = argsOf(byName.get(from ?? '')!, 'RUN').flatMap(npmCommands);
    expect(installs.filter((command) => command.startsWith('npm ci'))).toEqual([
      'npm ci --omit=dev --no-audit --no-fund',
    ]);
  });

  it('runs as a user other than root, the way `npm run start:prod` starts the service', () => {
    const users = argsOf(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const cmd = JSON.parse(argsOf(runtime, 'CMD')[0]) as string[];
    expect(cmd.join(' ')).toBe(packageJson.scripts['start:prod']);
    expect(argsOf(runtime, 'ENV').join(' ')).toContain('NODE_ENV=production');
  });

  it('checks its health on /api/v1/health/live, a route the service serves', () => {
    const [healthcheck] = argsOf(runtime, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD \[/);
    expect(healthcheck).toContain("/api/v1/health/live'");
    const openapi = JSON.parse(read('openapi.json')) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/api/v1/health/live');
  });

  it('keeps secrets, dependencies and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'dist', '.git']));
  });
});

interface Service {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly command?: string | readonly string[];
  readonly environment?: Record<string, string>;
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly depends_on?: Record<string, { readonly condition: string }> | readonly string[];
}

describe('deploy/compose.yaml', () => {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const { services } = compose;
  const commandOf = (service: Service): string =>
    Array.isArray(service.command) ? service.command.join(' ') : String(service.command ?? '');

  it('builds the API and worker services from the Dockerfile, ROLE=api and ROLE=worker', () => {
    for (const [name, role] of [
      ['api', 'api'],
      ['worker', 'worker'],
    ]) {
      const service = services[name];
      expect(service.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
      expect(service.environment).toMatchObject({ ROLE: role, NODE_ENV: 'production' });
    }
  });

  it('gives them only variables the service reads (and ROLE, the process role)', () => {
    const known = new Set<string>([...ENVIRONMENT_VARIABLE_NAMES, 'ROLE']);
    for (const name of ['api', 'worker']) {
      const unknown = Object.keys(services[name].environment ?? {}).filter((v) => !known.has(v));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('runs MongoDB as a replica set the services name, started before them', () => {
    const members = Object.entries(services).filter(([, service]) =>
      commandOf(service).includes('--replSet rs0'),
    );
    expect(members.length).toBeGreaterThanOrEqual(1);
    // A seed list (several hosts) is not a URL the WHATWG parser takes.
    const uri = /^mongodb:\/\/([^/]+)\/[^?]+\?(.*)$/.exec(
      services.api.environment?.MONGODB_URI ?? '',
    );
    expect(new URLSearchParams(uri?.[2]).get('replicaSet')).toBe('rs0');
    const hosts = (uri?.[1] ?? '').split(',').map((host) => host.split(':')[0]);
    expect(hosts.sort()).toEqual(members.map(([name]) => name).sort());
    const starter = members.find(([, service]) =>
      service.healthcheck?.test.join(' ').includes('rs.initiate'),
    );
    expect(starter).toBeDefined();
    expect(services.api.depends_on).toMatchObject({
      [starter?.[0] ?? '']: { condition: 'service_healthy' },
    });
  });

  it('runs Redis with the settings BullMQ needs: noeviction, append-only persistence', () => {
    const redis = services.redis;
    expect(commandOf(redis)).toContain('--maxmemory-policy noeviction');
    expect(commandOf(redis)).toContain('--appendonly yes');
    expect(services.worker.environment?.REDIS_URL).toBe('redis://redis:6379');
  });
});
