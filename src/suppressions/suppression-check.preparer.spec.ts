import { AppsService } from '../identity/apps.service';
import { MemoryAppStore } from '../identity/memory-app.store';
import { Clock } from '../common/clock/clock';
import { CryptoService } from '../common/crypto/crypto.service';
import { SendPreparers } from '../dispatch/send-preparers';
import type { OutboundMessage } from '../contract/provider';
import { MemorySuppressionStore } from './memory-suppression.store';
import { SuppressionCheck } from './suppression-check.preparer';
import { SuppressionsService } from './suppressions.service';

const APP = 'app_suppressing';

function anEmail(to: string[], content: Record<string, unknown> = {}): OutboundMessage {
  return {
    id: 'msg_1',
    appId: APP,
    channel: 'email',
    to,
    content: { subject: 'Hi', text: 'Hello', ...content },
    metadata: {},
  };
}

describe('SuppressionCheck', () => {
  let suppressions: SuppressionsService;
  let preparers: SendPreparers;

  beforeEach(async () => {
    const clock = new Clock();
    suppressions = new SuppressionsService(
      new MemorySuppressionStore(),
      new AppsService(new MemoryAppStore(), new CryptoService(), clock),
      clock,
    );
    preparers = new SendPreparers();
    new SuppressionCheck(suppressions, preparers).onModuleInit();
    await suppressions.suppress(APP, 'Bounced@Example.com', {
      reason: 'hard_bounce',
      detail: 'Permanent/General',
      messageId: 'msg_0',
    });
    await suppressions.suppress(APP, 'angry@example.com', { reason: 'complaint', detail: 'abuse' });
  });

  it('lets an email through when no recipient is suppressed, unchanged', async () => {
    const message = anEmail(['ann@example.com'], { cc: ['cat@example.com'] });
    expect(await preparers.prepare(message)).toEqual({ kind: 'send', message });
  });

  it.each([
    ['to', anEmail(['ann@example.com', 'BOUNCED@example.com'])],
    ['cc', anEmail(['ann@example.com'], { cc: ['bounced@example.com'] })],
    ['bcc', anEmail(['ann@example.com'], { bcc: ['bounced@example.com'] })],
  ])(
    'refuses the whole email when a %s recipient is suppressed, saying which and why',
    async (_field, message) => {
      expect(await preparers.prepare(message)).toEqual({
        kind: 'refuse',
        status: 'UNDELIVERABLE',
        category: 'INVALID_RECIPIENT',
        by: 'suppression-list',
        reason:
          "not sent to anyone: the app's suppression list holds bounced@example.com " +
          '(bounced for good: Permanent/General); remove the address from the list or leave it ' +
          'out of the message',
      });
    },
  );

  it('names every suppressed recipient, in the order of the message', async () => {
    const refusal = await preparers.prepare(
      anEmail(['angry@example.com'], { bcc: ['bounced@example.com'] }),
    );
    expect(refusal.kind === 'refuse' ? refusal.reason : '').toContain(
      'angry@example.com (its owner complained: abuse), bounced@example.com (bounced for good',
    );
  });

  it("looks at the message's own app only, and not at other channels", async () => {
    const otherApp = { ...anEmail(['bounced@example.com']), appId: 'app_other' };
    expect(await preparers.prepare(otherApp)).toMatchObject({ kind: 'send' });
    const sms = { ...anEmail(['bounced@example.com']), channel: 'sms' as const };
    expect(await preparers.prepare(sms)).toMatchObject({ kind: 'send' });
  });
});
