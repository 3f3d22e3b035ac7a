import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { DescribedTag } from '../common/http/openapi-registry';
import { Auth } from './auth.decorator';
import { CurrentPrincipal } from './current-principal.decorator';
import { MeDto } from './me.dto';
import type { Principal } from './principal';

@DescribedTag(
  'auth',
  'Who the caller is: the app and scopes of a key, the subject and roles of a token',
)
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
