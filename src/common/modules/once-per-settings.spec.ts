import { Module } from '@nestjs/common';
import { parseSettings, type Settings } from '../config/settings';
import { oncePerSettings } from './once-per-settings';

@Module({})
class StoreModule {}

const settingsOf = (env: Record<string, string>): Settings =>
  parseSettings({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), ...env }, () => 'k'.repeat(43));

describe('oncePerSettings', () => {
  let builds: number;
  const forRoot = oncePerSettings(() => {
    builds += 1;
    return { module: StoreModule };
  });

  beforeEach(() => {
    builds = 0;
  });

  it('builds the module once and hands every caller that object', () => {
    const settings = settingsOf({});

    const first = forRoot(settings);

    expect(forRoot(settings)).toBe(first);
    expect(builds).toBe(1);
  });

  it('builds another module for other settings', () => {
    const memory = forRoot(settingsOf({}));
    const mongo = forRoot(settingsOf({ MONGODB_URI: 'mongodb://127.0.0.1:27017/db' }));

    expect(mongo).not.toBe(memory);
    expect(builds).toBe(2);
  });
});
