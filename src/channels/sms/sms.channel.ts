import type { Registration } from '../../contract/registration';
import { SmsModule } from './sms.module';

/** SMS, through the SMS vendors' providers. */
export const smsChannel: Registration = {
  module: (settings) => SmsModule.forRoot(settings),
};
