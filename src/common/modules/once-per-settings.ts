import type { DynamicModule } from '@nestjs/common';
import type { Settings } from '../config/settings';

/**
 * A `forRoot(settings)` that hands every importer the same module object for the same settings.
 * Nest tells dynamic modules apart by hashing their metadata, so separate calls share one
 * instance only while each builds identical metadata; one object per settings makes the sharing
 * certain, where two instances would mean two stores, two sweepers and two sets of timers.
 */
export function oncePerSettings(
  build: (settings: Settings) => DynamicModule,
): (settings: Settings) => DynamicModule {
  const built = new WeakMap<Settings, DynamicModule>();
  return (settings) => {
    const existing = built.get(settings);
    if (existing) return existing;
    const module = build(settings);
    built.set(settings, module);
    return module;
  };
}
