import type { Registration } from '../contract/registration';
import { fcmVendor } from './fcm/fcm.vendor';
import { httpVendor } from './http/http.vendor';
import { sandboxVendor } from './sandbox/sandbox.vendor';
import { sesVendor } from './ses/ses.vendor';
import { smtpVendor } from './smtp/smtp.vendor';
import { twilioVendor } from './twilio/twilio.vendor';
import { webPushVendor } from './webpush/webpush.vendor';

/**
 * Every vendor of this build, one line each. The order is the order of their facts on
 * `/status`, and of their shortcut providers in a channel they share (a fail-over goes last).
 */
export const VENDOR_REGISTRATIONS: readonly Registration[] = [
  twilioVendor,
  smtpVendor,
  sesVendor,
  fcmVendor,
  webPushVendor,
  httpVendor,
  sandboxVendor,
];
