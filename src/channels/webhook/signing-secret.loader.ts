import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppsService } from '../../identity/apps.service';
import { type Preparation, type SendPreparer, SendPreparers } from '../../dispatch/send-preparers';
import type { OutboundMessage } from '../../contract/provider';

/**
 * Gives webhook providers the app's callback secret to sign with. Loaded per send rather than
 * stored in the message, so the secret never sits in the message log.
 */
@Injectable()
export class SigningSecretLoader implements SendPreparer, OnModuleInit {
  readonly channel = 'webhook';

  constructor(
    private readonly apps: AppsService,
    private readonly preparers: SendPreparers,
  ) {}

  onModuleInit(): void {
    this.preparers.register(this);
  }

  async prepare(message: OutboundMessage): Promise<Preparation> {
    const app = await this.apps.get(message.appId);
    return { kind: 'send', message: { ...message, signingSecret: app.callbackSecret } };
  }
}
