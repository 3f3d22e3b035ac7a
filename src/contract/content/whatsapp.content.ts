import { records, type StoredContent, stringMap, text } from './stored-content';

/** One media item of a WhatsApp message; the URL is public and was checked at accept time. */
export interface WhatsAppMedia {
  readonly url: string;
  readonly contentType?: string;
  readonly caption?: string;
}

/**
 * What a WhatsApp message stores as its content. Addresses are plain E.164: the provider adds
 * its own `whatsapp:` prefix. Either free-form (`body` and/or `media`, only inside the
 * recipient's 24-hour session) or a pre-approved template (`contentSid` + `contentVariables`).
 */
export interface WhatsAppContent {
  readonly body?: string;
  readonly media?: readonly WhatsAppMedia[];
  readonly contentSid?: string;
  readonly contentVariables?: Readonly<Record<string, string>>;
  readonly from?: string;
}

/** A media item without a URL has nothing to send and is left out. */
function mediaItem(item: Readonly<Record<string, unknown>>): WhatsAppMedia[] {
  const url = text(item.url);
  if (url === undefined) return [];
  return [{ url, contentType: text(item.contentType), caption: text(item.caption) }];
}

/**
 * Reads a stored WhatsApp content with checks rather than trusting it, since the store holds
 * plain data: each field is read for the type it should have, anything else counts as absent.
 */
export function readWhatsAppContent(content: StoredContent): WhatsAppContent {
  return {
    body: text(content.body),
    media: records(content.media).flatMap(mediaItem),
    contentSid: text(content.contentSid),
    contentVariables: stringMap(content.contentVariables),
    from: text(content.from),
  };
}
