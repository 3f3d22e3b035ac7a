import { Injectable } from '@nestjs/common';
import { emailRecipients } from '../../contract/content/email-recipients';
import { type EmailContentRead, readEmailContent } from '../../contract/content/email.content';
import type { RecipientCopy } from '../../contract/provider';
import { EngagementDefaultsService } from '../../engagement/engagement-defaults.service';
import { EngagementLinks } from '../../engagement/engagement-links';
import type { LinkKind } from '../../engagement/link-token';
import { rewriteHtmlLinks, rewriteTextLinks, withPixel } from './link-rewriting';

/** What a copy is made of: the message's id, recipients and content. */
export interface CopySource {
  readonly id: string;
  readonly appId: string;
  readonly to: readonly string[];
  readonly content: Readonly<Record<string, unknown>>;
}

/** RFC 8058: the link of `List-Unsubscribe` takes a POST of this body, without a page. */
const ONE_CLICK = 'List-Unsubscribe=One-Click';

/** Whether an email gets a copy per recipient: its links name the recipient. */
export const namesRecipients = (content: EmailContentRead): boolean =>
  content.tracking !== undefined || content.unsubscribe === true;

/**
 * Each recipient's own copy of an email that tracks opens or clicks, or offers one-click
 * unsubscribe: links are the service's signed ones, naming the message and the recipient (by
 * its place among the recipients, not its address). Clicks: every web link of the HTML and of
 * the plain text leads through the service. Opens: a pixel before the HTML's end. Unsubscribe:
 * `List-Unsubscribe` (the link, and the app's unsubscribe mailbox when it has one) and
 * `List-Unsubscribe-Post`.
 */
@Injectable()
export class RecipientCopies {
  constructor(
    private readonly links: EngagementLinks,
    private readonly defaults: EngagementDefaultsService,
  ) {}

  /** Every recipient's copy, in the order of `emailRecipients`. */
  async of(message: CopySource): Promise<RecipientCopy[]> {
    const content = readEmailContent(message.content);
    const mailto = await this.mailtoOf(message, content);
    return emailRecipients(message).map((recipient, index) => ({
      recipient,
      content: this.copyContent(message.id, index, content, mailto),
    }));
  }

  /** The copy of the recipient at `index` of `emailRecipients`. */
  async at(message: CopySource, index: number): Promise<RecipientCopy['content']> {
    const content = readEmailContent(message.content);
    return this.copyContent(message.id, index, content, await this.mailtoOf(message, content));
  }

  private async mailtoOf(
    message: CopySource,
    content: EmailContentRead,
  ): Promise<string | undefined> {
    if (!content.unsubscribe) return undefined;
    return (await this.defaults.forSend(message.appId)).unsubscribeMailto;
  }

  private copyContent(
    messageId: string,
    recipient: number,
    content: EmailContentRead,
    mailto: string | undefined,
  ): Record<string, unknown> {
    const link = (kind: LinkKind, url?: string): string =>
      this.links.url({ kind, messageId, recipient, ...(url === undefined ? {} : { url }) });
    const clicked = (url: string): string => this.links.clickUrl(messageId, recipient, url);
    const { tracking } = content;
    let { html, text } = content;
    if (tracking?.clicks) {
      html = html === undefined ? undefined : rewriteHtmlLinks(html, clicked);
      text = text === undefined ? undefined : rewriteTextLinks(text, clicked);
    }
    if (tracking?.opens && html !== undefined) html = withPixel(html, link('open'));
    const headers = content.unsubscribe
      ? { ...content.headers, ...unsubscribeHeaders(link('unsubscribe'), mailto) }
      : content.headers;
    return {
      ...(html === undefined ? {} : { html }),
      ...(text === undefined ? {} : { text }),
      headers,
    };
  }
}

/** The one-click link first, as RFC 8058 has mailbox providers prefer it; then the mailbox. */
function unsubscribeHeaders(url: string, mailto: string | undefined): Record<string, string> {
  const token = url.slice(url.lastIndexOf('/') + 1);
  const mailbox =
    mailto === undefined
      ? ''
      : `, <mailto:${mailto}?subject=${encodeURIComponent(`unsubscribe ${token}`)}>`;
  return { 'List-Unsubscribe': `<${url}>${mailbox}`, 'List-Unsubscribe-Post': ONE_CLICK };
}
