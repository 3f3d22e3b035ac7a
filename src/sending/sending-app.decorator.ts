import {
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import type { Request } from 'express';
import { Unauthorized } from '../common/errors/api-error';
import type { Principal } from '../identity/principal';
import type { SendOrigin } from './send-origin';
import { SendingApps } from './sending-apps';

interface SendingCaller {
  readonly principal: Principal;
  readonly appId: unknown;
}

/** The caller and the `appId` of the body, as they arrive. */
const SendingCallerParam = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SendingCaller => {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.principal) throw new Unauthorized();
    const body: unknown = req.body;
    const appId =
      typeof body === 'object' && body !== null ? (body as { appId?: unknown }).appId : undefined;
    return { principal: req.principal, appId };
  },
);

@Injectable()
export class SendingAppPipe implements PipeTransform<SendingCaller, Promise<SendOrigin>> {
  constructor(private readonly apps: SendingApps) {}

  transform({ principal, appId }: SendingCaller): Promise<SendOrigin> {
    return this.apps.originOf(principal, appId, 'messages');
  }
}

/** The origin of a send: the app it is for and who asked (see `SendingApps`). */
export const SendingApp = (): ParameterDecorator => SendingCallerParam(SendingAppPipe);
