import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_VARIABLE_NAMES } from '../../src/app.settings';

const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('documentation matches the code', () => {
  it('.env.example lists exactly the variables the service reads', () => {
    const listed = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => line.split('=')[0]);
    expect([...listed].sort()).toEqual([...ENVIRONMENT_VARIABLE_NAMES].sort());
  });

  it('README.md names every variable in its configuration table', () => {
    const readme = read('README.md');
    const missing = ENVIRONMENT_VARIABLE_NAMES.filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
