import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { CryptoService } from '../common/crypto/crypto.service';
import { NotFound } from '../common/errors/api-error';
import { plainCursors } from '../common/http/cursor';
import type { App, AppChanges, Page } from './app.model';
import { AppStore } from './app.store';

/** What an app may be created with besides its name; `id` is made unless given. */
export type NewAppOptions = Partial<Pick<App, 'id' | 'rateLimitPerMinute' | 'phoneNumberCheck'>>;

@Injectable()
export class AppsService {
  constructor(
    private readonly store: AppStore,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  async create(name: string, options: NewAppOptions = {}): Promise<App> {
    const { rateLimitPerMinute, phoneNumberCheck } = options;
    const now = this.clock.now();
    const app: App = {
      id: options.id ?? this.crypto.newId('app', now),
      name,
      ...(rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute }),
      ...(phoneNumberCheck === undefined ? {} : { phoneNumberCheck }),
      callbackSecret: `whsec_${this.crypto.randomToken(32)}`,
      createdAt: now,
    };
    await this.store.createApp(app);
    return app;
  }

  async get(id: string): Promise<App> {
    const app = await this.store.findApp(id);
    if (!app) throw new NotFound(`No app ${id}.`);
    return app;
  }

  /** Sets what admins change of an app after creating it; 404 when there is no such app. */
  async change(id: string, changes: AppChanges): Promise<App> {
    const app = await this.store.updateApp(id, changes);
    if (!app) throw new NotFound(`No app ${id}.`);
    return app;
  }

  /** Seals every callback secret at rest with the current ENCRYPTION_KEY; returns how many. */
  resealSecrets(): Promise<number> {
    return this.store.resealSecrets();
  }

  /** `cursor` is the opaque `nextCursor` of the previous page. */
  list(limit: number, cursor?: string): Promise<Page<App>> {
    return this.store.listApps(limit, plainCursors.decode(cursor));
  }
}
