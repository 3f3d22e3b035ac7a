import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsPhoneNumber, toE164 } from '../../common/validation/phone-number';

const WHATSAPP_PREFIX = /^\s*whatsapp:/i;

/**
 * A WhatsApp number: E.164 like any phone number field (`invalid_phone` otherwise). The
 * `whatsapp:` prefix of Twilio's own API is taken off, so a number copied from Twilio works; the
 * provider adds its own.
 */
export const IsWhatsAppNumber = (): PropertyDecorator =>
  applyDecorators(
    IsPhoneNumber(),
    // Normalises by itself, so it does not matter whether IsPhoneNumber's transform runs first.
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (toE164(value.replace(WHATSAPP_PREFIX, '')) ?? value) : value,
    ),
  );
