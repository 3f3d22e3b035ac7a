import { SendVoiceDto } from '../../../channels/voice/send-voice.dto';
import { VoiceService } from '../../../channels/voice/voice.service';
import { textOf } from '../broadcast-text';
import { type ChannelRoute, commonFields } from '../channel-route';

/** Voice: a call that speaks the body. */
export const VOICE_ROUTE: ChannelRoute<SendVoiceDto> = {
  service: VoiceService,
  dto: SendVoiceDto,
  body: (broadcast) => ({
    ...commonFields(broadcast),
    to: broadcast.phone,
    say: { text: textOf(broadcast) },
  }),
  fields: { to: 'phone', 'say.text': 'body', say: 'body' },
};
