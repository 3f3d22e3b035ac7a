import { Injectable } from '@nestjs/common';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';

/**
 * The app a token's send is for when it names none: `DEFAULT_APP_ID`, or on the embedded
 * default the development app made at start-up.
 */
@Injectable()
export class DefaultApp {
  private developmentAppId?: string;

  constructor(@InjectSettings() private readonly settings: Settings) {}

  id(): string | undefined {
    return this.settings.defaultAppId ?? this.developmentAppId;
  }

  /** The embedded default's development app serves when no DEFAULT_APP_ID is set. */
  useDevelopmentApp(appId: string): void {
    this.developmentAppId = appId;
  }
}
