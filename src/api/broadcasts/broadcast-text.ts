import { compile } from 'html-to-text';
import type { SendBroadcastDto } from './send-broadcast.dto';

/**
 * Text without line wrapping (an SMS or a spoken call has no line width); images dropped; a
 * link's address shown unless its text already is it.
 */
const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
  ],
});

/**
 * The body for every channel but email: an HTML body (`isHtml`) as its text, since SMS,
 * WhatsApp, push, webhook and in-app readers would show the markup, and a call would speak it.
 */
export const textOf = (broadcast: SendBroadcastDto): string =>
  broadcast.isHtml === true ? toText(broadcast.body).trim() : broadcast.body;
