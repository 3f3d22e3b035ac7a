import type { Registration } from '../../contract/registration';
import { VoiceModule } from './voice.module';

/** Voice calls that speak text or play TwiML. */
export const voiceChannel: Registration = {
  module: (settings) => VoiceModule.forRoot(settings),
};
