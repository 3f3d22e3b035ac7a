/**
 * Media types the Twilio API for WhatsApp sends: images, stickers (image/webp), audio (OGG only
 * with the Opus codec), the document formats Twilio lists, MP4 and 3GPP video (H.264 with AAC
 * audio) and contact cards. Twilio reads the type from the Content-Type header at the media URL
 * and refuses a file whose header does not match it.
 */
export const WHATSAPP_MEDIA_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'audio/ogg',
  'audio/amr',
  'audio/3gpp',
  'audio/aac',
  'audio/mpeg',
  'audio/mp4',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'video/mp4',
  'video/3gpp',
  'text/vcard',
  'text/x-vcard',
];

/**
 * Twilio sends one media item per WhatsApp message (MediaUrl takes several only for MMS), so a
 * message carries at most one.
 */
export const MAX_WHATSAPP_MEDIA = 1;

/** Caption limit of a WhatsApp media message. */
export const MAX_WHATSAPP_CAPTION = 1024;

/** `[Ii][Mm][Aa][Gg][Ee]`: the text in either case, for a pattern (JSON Schema has no flags). */
const eitherCase = (text: string): string =>
  Array.from(text, (character) => character)
    .map((character) => {
      const upper = character.toUpperCase();
      const lower = character.toLowerCase();
      if (upper !== lower) return `[${upper}${lower}]`;
      return /[.+]/.test(character) ? `\\${character}` : character;
    })
    .join('');

/** The types `isWhatsAppMediaType` takes, as a pattern for the OpenAPI document. */
export const WHATSAPP_MEDIA_TYPE_PATTERN = `^[ \\t]*(${WHATSAPP_MEDIA_TYPES.map(eitherCase).join('|')})[ \\t]*(;[\\s\\S]*)?$`;

/** Whether WhatsApp takes `contentType`; parameters (`audio/ogg; codecs=opus`) are allowed. */
export function isWhatsAppMediaType(contentType: string): boolean {
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return WHATSAPP_MEDIA_TYPES.includes(essence);
}
