import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { ValidationFailed } from '../common/errors/api-error';
import { AppsService } from '../identity/apps.service';
import {
  type EngagementDefaults,
  EngagementDefaultsStore,
  defaultsOf,
} from './engagement-defaults';
import type { SetEngagementDefaultsDto } from './engagement-defaults.dto';
import { EngagementLinks } from './engagement-links';

/** Each app's engagement defaults: set by admins, applied to every email that does not say. */
@Injectable()
export class EngagementDefaultsService {
  constructor(
    private readonly store: EngagementDefaultsStore,
    private readonly apps: AppsService,
    private readonly links: EngagementLinks,
    private readonly clock: Clock,
  ) {}

  /** The app's defaults (all off until set); 404 for an unknown app. */
  async get(appId: string): Promise<EngagementDefaults> {
    await this.apps.get(appId);
    return this.forSend(appId);
  }

  /**
   * Replaces the app's defaults; 404 for an unknown app, 400 (`not_configured`) when they ask
   * for links the service cannot make.
   */
  async set(appId: string, input: SetEngagementDefaultsDto): Promise<EngagementDefaults> {
    await this.apps.get(appId);
    const { opens, clicks } = input.tracking;
    const why = this.links.unavailable;
    if (why !== undefined && (opens || clicks || input.unsubscribeTopics.length > 0)) {
      throw new ValidationFailed([{ field: 'tracking', code: 'not_configured', message: why }]);
    }
    const defaults: EngagementDefaults = {
      appId,
      tracking: { opens, clicks },
      unsubscribeTopics: [...new Set(input.unsubscribeTopics)],
      ...(input.unsubscribeMailto === undefined
        ? {}
        : { unsubscribeMailto: input.unsubscribeMailto.toLowerCase() }),
      updatedAt: this.clock.now(),
    };
    await this.store.save(defaults);
    return defaults;
  }

  /** What a send of the app gets unless it says: its defaults, or all off. */
  async forSend(appId: string): Promise<EngagementDefaults> {
    return (await this.store.find(appId)) ?? defaultsOf(appId);
  }
}
