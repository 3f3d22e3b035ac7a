/**
 * Baseline (a) of floor.bench.ts: a bare NestJS 11 app on Express, started as
 * `accept-floor.server.ts <key>`. One route, `POST /api/v1/messages/sms`, behind one guard (the
 * key in `x-api-key`, compared in constant time) and a `ValidationPipe` on a two-field DTO, that
 * answers 202 with an id: what any NestJS service pays to accept a message, and nothing of ours.
 * Nest's own JSON body parser, no logger, no middleware.
 *
 * IPC: reports `ready` (port, pid) once it listens; answers `cpu`; exits on `close` or when the
 * parent goes away.
 */
import 'reflect-metadata';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  HttpCode,
  Injectable,
  Module,
  Post,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import type { AddressInfo } from 'node:net';
import { reportFailure, sendToParent, serveParent } from '../support';

const SCRIPT = 'accept-floor.server.ts';

export interface FloorReady {
  readonly type: 'ready';
  readonly port: number;
  readonly pid: number;
}

const key = Buffer.from(process.argv.at(2) ?? '');

@Injectable()
class KeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<Request>().headers['x-api-key'];
    const candidate = Buffer.from(typeof given === 'string' ? given : '');
    return candidate.length === key.length && timingSafeEqual(candidate, key);
  }
}

class SendSms {
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  to!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1600)
  body!: string;
}

@Controller('messages/sms')
class SmsController {
  @Post()
  @HttpCode(202)
  @UseGuards(KeyGuard)
  send(@Body() body: SendSms): { messageId: string; status: string; to: string[] } {
    return { messageId: `msg_${randomUUID()}`, status: 'QUEUED', to: [body.to] };
  }
}

@Module({ controllers: [SmsController], providers: [KeyGuard] })
class FloorModule {}

async function start(): Promise<void> {
  if (key.length === 0) throw new Error(`usage: ${SCRIPT} <api key>`);
  const app = await NestFactory.create<NestExpressApplication>(FloorModule, { logger: false });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.setGlobalPrefix('api/v1');
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  serveParent(SCRIPT, () => app.close());
  const ready: FloorReady = { type: 'ready', port, pid: process.pid };
  await sendToParent(ready, SCRIPT);
}

start().catch((error: unknown) => {
  reportFailure(SCRIPT)(error);
  setTimeout(() => process.exit(1), 100);
});
