import { Controller, Get, Headers, HttpStatus, Param, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { EngagementService } from './engagement.service';
import { LinkRoutes } from './link-routes.decorator';

/** A transparent GIF of one pixel. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Each fetch is an event: nothing on the way may answer it from a cache. */
const NOT_CACHED = 'no-store, no-cache, must-revalidate, private';

/**
 * The pixel and links of tracked emails: a token the service did not sign, or of a message no
 * longer kept, is 404 with nothing recorded and no redirect.
 */
@Controller('track')
@LinkRoutes()
export class TrackingController {
  constructor(private readonly engagement: EngagementService) {}

  @Get('open/:token')
  @ApiOperation({
    summary: "A tracked email's pixel: records an open",
    description:
      'Records `opened` with the coarse client class (never the address); privacy prefetches and fetches within seconds of the send count as machine opens.',
  })
  @ApiOkResponse({
    description: 'A transparent 1×1 GIF',
    content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } },
  })
  async open(
    @Param('token') token: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await this.engagement.opened(token, userAgent);
    res
      .status(HttpStatus.OK)
      .set({ 'Content-Type': 'image/gif', 'Cache-Control': NOT_CACHED })
      .end(PIXEL);
  }

  @Get('click/:token')
  @ApiOperation({
    summary: 'A rewritten link: records a click and redirects to the URL that was in the email',
    description: 'Only to exactly that URL, which the token carries under its signature.',
  })
  @ApiFoundResponse({
    description: 'Redirects to the link as written in the email',
    headers: {
      Location: {
        description: 'The link as written in the email',
        schema: { type: 'string', format: 'uri', example: 'https://example.com/offers' },
      },
    },
  })
  async click(
    @Param('token') token: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const url = await this.engagement.clicked(token, userAgent);
    res.set({ 'Cache-Control': NOT_CACHED, 'Referrer-Policy': 'no-referrer' });
    res.redirect(HttpStatus.FOUND, url);
  }
}
