import { Body, Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ErrorResponse } from '../common/http/openapi-responses';
import type { Response } from 'express';
import { ReadBody } from '../common/http/body-reading';
import { formBodies } from '../common/http/form-body';
import { EngagementService } from './engagement.service';
import { LinkRoutes } from './link-routes.decorator';
import { confirmationPage, PAGE_SECURITY, unsubscribedPage } from './unsubscribe-page';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The pages these routes answer with. */
const HTML_PAGE = { 'text/html': { schema: { type: 'string' } } };

/** One-click unsubscribe (RFC 8058), the link of `List-Unsubscribe`. */
@Controller('unsubscribe')
@LinkRoutes()
// Mailbox providers post the one-click form (RFC 8058: List-Unsubscribe=One-Click).
@ReadBody(formBodies)
export class UnsubscribeController {
  constructor(private readonly engagement: EngagementService) {}

  @Get(':token')
  @ApiOperation({
    summary: 'A page asking to confirm, with a button that POSTs (no script needed)',
    description: 'Nothing is changed by GET: mail scanners fetch links.',
  })
  @ApiOkResponse({ description: 'The confirmation page', content: HTML_PAGE })
  async page(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const topic = await this.engagement.unsubscribeTopic(token);
    this.html(res, confirmationPage(topic));
  }

  @Post(':token')
  @ApiOperation({
    summary: "Unsubscribes the link's recipient",
    description:
      "Puts the address on the app's suppression list (reason `unsubscribed`, for the email's topic, or every email when it names none), records `unsubscribed` on the message and posts the app's callback. Idempotent. A mailbox provider's one-click POST (`List-Unsubscribe=One-Click`) is answered 200 with no body; the confirmation page's button with a page.",
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @ApiOkResponse({
    description:
      "Unsubscribed (also when it was before): the page for the confirmation page's button, no body for a one-click POST",
    content: HTML_PAGE,
  })
  @ErrorResponse(413, 'PAYLOAD_TOO_LARGE: the form is larger than 64 kB')
  async unsubscribe(
    @Param('token') token: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.engagement.unsubscribed(token);
    if (isRecord(body) && body.confirm === 'yes') {
      this.html(res, unsubscribedPage(await this.engagement.unsubscribeTopic(token)));
      return;
    }
    res.status(HttpStatus.OK).end();
  }

  private html(res: Response, text: string): void {
    res
      .status(HttpStatus.OK)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': PAGE_SECURITY,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      })
      .send(text);
  }
}
