import { Controller, Get } from '@nestjs/common';
import { Auth } from '../../src/identity/auth.decorator';

/** Test-only routes: a scope-protected one, and one that fails unexpectedly. */
@Controller('probe')
export class ProbeController {
  @Get('broadcast-scope')
  @Auth({ apiKey: 'broadcast', jwt: 'admin' })
  needsBroadcastScope(): { ok: true } {
    return { ok: true };
  }

  @Get('boom')
  @Auth({ apiKey: true, jwt: 'any' })
  boom(): never {
    throw new Error('connection string mongodb://user:hunter2@db.internal/prod exploded');
  }
}
