import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { ErrorDto } from '../../common/errors/error.dto';
import { ErrorResponse } from '../../common/http/openapi-responses';
import { Auth } from '../../identity/auth.decorator';
import { CurrentPrincipal } from '../../identity/current-principal.decorator';
import type { Principal } from '../../identity/principal';
import { type EmailCopy, EmailCopyService } from './email-copy.service';

export class EmailCopyQuery {
  @ApiProperty({ example: 'alex@example.com', description: 'One of the email’s recipients' })
  @IsString()
  @MaxLength(320)
  recipient!: string;
}

export class EmailCopyDto {
  @ApiProperty({ example: 'msg_6553f1a0c9e77a12b3c4d5e6' }) messageId!: string;
  @ApiProperty({ example: 'alex@example.com' }) recipient!: string;
  @ApiProperty() subject!: string;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional() html?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {
      'List-Unsubscribe': '<https://switchboard.example.com/api/v1/unsubscribe/…>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    description: 'The custom headers, with the unsubscribe headers of this copy',
  })
  headers!: Record<string, string>;

  static of({ messageId, recipient, content }: EmailCopy): EmailCopyDto {
    return {
      messageId,
      recipient,
      subject: content.subject,
      ...(content.text === undefined ? {} : { text: content.text }),
      ...(content.html === undefined ? {} : { html: content.html }),
      headers: { ...content.headers },
    };
  }
}

@ApiTags('email')
@Controller('messages/email')
export class EmailCopyController {
  constructor(private readonly copies: EmailCopyService) {}

  @Get(':messageId/copy')
  @Auth({ apiKey: 'messages:read', jwt: 'viewer' })
  @ApiOperation({
    summary: 'The email as one recipient receives it',
    description:
      "With that recipient's tracking links and unsubscribe headers, as the provider is given them.",
  })
  @ApiOkResponse({ type: EmailCopyDto, description: "The recipient's copy" })
  @ErrorResponse(400, 'VALIDATION_ERROR: `recipient` is missing or longer than 320 characters')
  @ApiNotFoundResponse({ type: ErrorDto, description: 'No such email, or not its recipient' })
  async copy(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId') id: string,
    @Query() query: EmailCopyQuery,
  ): Promise<EmailCopyDto> {
    return EmailCopyDto.of(await this.copies.copy(principal, id, query.recipient));
  }
}
