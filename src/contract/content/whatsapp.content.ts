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
