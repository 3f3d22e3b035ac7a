import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from './auth.decorator';
import { CurrentPrincipal } from './current-principal.decorator';
import { MeDto } from './me.dto';
import type { Principal } from './principal';

@ApiTags('auth')
@Controller('me')
export class MeController {
  @Get()
  @Auth({ apiKey: true, jwt: 'any' })
  @ApiOperation({
    summary: 'Who the caller is: app and scopes for a key, subject and roles for a token',
  })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return MeDto.of(principal);
  }
}
