import { EmailService } from '../../../channels/email/email.service';
import { SendEmailDto } from '../../../channels/email/send-email.dto';
import { type ChannelRoute, commonFields } from '../channel-route';

/** Email: the subject, and the body as text, or as HTML when `isHtml`. */
export const EMAIL_ROUTE: ChannelRoute<SendEmailDto> = {
  service: EmailService,
  dto: SendEmailDto,
  body: (broadcast) => ({
    ...commonFields(broadcast),
    to: broadcast.email,
    subject: broadcast.subject,
    [broadcast.isHtml ? 'html' : 'text']: broadcast.body,
  }),
  fields: { to: 'email', text: 'body', html: 'body' },
};
