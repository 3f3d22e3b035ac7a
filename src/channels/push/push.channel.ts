import type { Registration } from '../../contract/registration';
import { PushModule } from './push.module';

/** Push notifications to browsers and apps. */
export const pushChannel: Registration = {
  module: (settings) => PushModule.forRoot(settings),
};
