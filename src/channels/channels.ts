import type { Registration } from '../contract/registration';
import { emailChannel } from './email/email.channel';
import { inappChannel } from './inapp/inapp.channel';

/** Every channel of this build, one line each. */
export const CHANNEL_REGISTRATIONS: readonly Registration[] = [inappChannel, emailChannel];
