import { Injectable } from '@nestjs/common';
import { type EngagementDefaults, EngagementDefaultsStore } from './engagement-defaults';

/** The embedded default: one process's defaults, gone when it stops. */
@Injectable()
export class MemoryEngagementDefaultsStore extends EngagementDefaultsStore {
  private readonly byApp = new Map<string, EngagementDefaults>();

  find(appId: string): Promise<EngagementDefaults | undefined> {
    return Promise.resolve(this.byApp.get(appId));
  }

  save(defaults: EngagementDefaults): Promise<void> {
    this.byApp.set(defaults.appId, defaults);
    return Promise.resolve();
  }
}
