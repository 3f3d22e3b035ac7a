import { isWhatsAppMediaType } from './whatsapp-media';

describe('isWhatsAppMediaType', () => {
  it.each([
    'image/jpeg',
    'image/png',
    'audio/ogg; codecs=opus',
    'audio/mpeg',
    'video/mp4',
    'application/pdf',
    'Application/PDF',
    'text/vcard',
  ])('takes %s', (type) => {
    expect(isWhatsAppMediaType(type)).toBe(true);
  });

  it.each([
    'image/gif',
    'image/svg+xml',
    'video/quicktime',
    'application/zip',
    'text/html',
    '',
    'pdf',
  ])('refuses %j', (type) => {
    expect(isWhatsAppMediaType(type)).toBe(false);
  });
});
