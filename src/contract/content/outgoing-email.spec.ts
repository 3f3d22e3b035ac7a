import type { OutboundMessage } from '../provider';
import { ProviderError } from '../provider';
import { outgoingEmail } from './outgoing-email';

const message = (
  content: Record<string, unknown>,
  extra: Partial<OutboundMessage> = {},
): OutboundMessage => ({
  id: 'msg-1',
  appId: 'app-1',
  channel: 'email',
  to: ['ann@example.com'],
  content,
  metadata: {},
  ...extra,
});

const failureOf = (run: () => unknown): ProviderError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
};

describe('outgoingEmail', () => {
  it('reads every field of the stored content', () => {
    const pdf = { filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') };
    const email = outgoingEmail(
      message(
        {
          from: 'billing@example.com',
          fromName: 'Zoë Billing',
          replyTo: ['help@example.com'],
          cc: ['cc@example.com'],
          bcc: ['audit@example.com'],
          subject: 'Receipt',
          text: 'Thanks',
          html: '<p>Thanks</p>',
          headers: { 'X-Campaign': 'spring' },
          tags: [{ name: 'category', value: 'receipt' }],
          attachments: [
            { filename: 'a.pdf', contentType: 'application/pdf', size: 4, sha256: 'x' },
          ],
        },
        { attachments: [pdf] },
      ),
      'smtp',
      'default@example.com',
    );
    expect(email).toEqual({
      from: { address: 'billing@example.com', name: 'Zoë Billing' },
      to: ['ann@example.com'],
      cc: ['cc@example.com'],
      bcc: ['audit@example.com'],
      replyTo: ['help@example.com'],
      subject: 'Receipt',
      text: 'Thanks',
      html: '<p>Thanks</p>',
      headers: { 'X-Campaign': 'spring' },
      tags: [{ name: 'category', value: 'receipt' }],
      attachments: [pdf],
    });
  });

  it("uses the provider's default sender when the message names none", () => {
    const email = outgoingEmail(
      message({ subject: 'Hi', text: 'x' }),
      'smtp',
      'default@example.com',
    );
    expect(email.from).toEqual({ address: 'default@example.com' });
    expect(email).toMatchObject({
      cc: [],
      bcc: [],
      replyTo: [],
      headers: {},
      tags: [],
      attachments: [],
    });
  });

  it('takes a single address as a list, and leaves out values of the wrong type', () => {
    const email = outgoingEmail(
      message({
        subject: 'Hi',
        text: 7,
        cc: 'one@example.com',
        replyTo: 42,
        bcc: ['ok@example.com', 3],
        headers: { 'X-Ok': 'yes', 'X-Number': 5 },
        tags: [{ name: 'a', value: 'b' }, { name: 'c' }, 'd'],
      }),
      'smtp',
      'default@example.com',
    );
    expect(email).toMatchObject({
      text: undefined,
      cc: ['one@example.com'],
      replyTo: [],
      bcc: ['ok@example.com'],
      headers: { 'X-Ok': 'yes' },
      tags: [{ name: 'a', value: 'b' }],
    });
  });

  it('is a CONFIGURATION_ERROR without any sender', () => {
    const error = failureOf(() =>
      outgoingEmail(message({ subject: 'Hi' }), 'smtp-main', undefined),
    );
    expect(error.category).toBe('CONFIGURATION_ERROR');
    expect(error.message).toBe(
      'provider smtp-main has no default sender (option from, or EMAIL_FROM) and the message names none',
    );
  });

  it('is INVALID_RECIPIENT without a recipient', () => {
    const error = failureOf(() =>
      outgoingEmail(message({ subject: 'Hi' }, { to: [] }), 'smtp', 'a@example.com'),
    );
    expect(error.category).toBe('INVALID_RECIPIENT');
  });

  it('does not send without the bytes of a listed attachment', () => {
    const listed = [{ filename: 'a.pdf', contentType: 'application/pdf', size: 4, sha256: 'x' }];
    const error = failureOf(() =>
      outgoingEmail(message({ subject: 'Hi', attachments: listed }), 'smtp', 'a@example.com'),
    );
    expect(error.category).toBe('CONTENT_REJECTED');
    expect(error.message).toBe('the message lists 1 attachment(s) but only 0 could be loaded');
  });
});
