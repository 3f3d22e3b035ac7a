import { simpleParser } from 'mailparser';
import { type Provider } from '../../src/contract/provider';
import { type SesLocal, startSesLocal } from '../support/ses-local';
import { failureOf } from '../support/provider-failure';
import { sha256, report, attachments, message, sesProvider } from './ses-provider-fixtures';

describe('SES provider against aws-ses-v2-local', () => {
  let ses: SesLocal;
  let provider: Provider;

  beforeAll(async () => {
    ses = await startSesLocal();
    provider = sesProvider(ses.endpoint, { configurationSetName: 'transactional' });
  });
  afterAll(async () => {
    await provider.close?.();
    await ses.stop();
  });

  it('sends Simple content with tags, and gets SES MessageId', async () => {
    const sent = await provider.send(
      message({
        fromName: 'Zoë Billing',
        subject: 'Grüße — Ihre Rechnung',
        text: 'Hallo',
        html: '<p>Hallo</p>',
        cc: ['carl@example.test'],
        bcc: ['audit@example.test'],
        replyTo: ['help@example.test'],
        tags: [
          { name: 'category', value: 'receipt' },
          { name: 'campaign:id', value: 'spring 2025' },
        ],
      }),
    );
    const emails = await ses.emails();
    const stored = emails.find(({ messageId }) => messageId === sent.providerMessageId);
    expect(sent.status).toBe('SENT');
    expect(stored).toMatchObject({
      from: '=?UTF-8?Q?Zo=C3=AB_Billing?= <billing@example.test>',
      replyTo: ['help@example.test'],
      destination: {
        to: ['ann@example.test'],
        cc: ['carl@example.test'],
        bcc: ['audit@example.test'],
      },
      subject: 'Grüße — Ihre Rechnung',
      body: { text: 'Hallo', html: '<p>Hallo</p>' },
    });
    const request = ses.requests.at(-1);
    expect(request?.Content.Simple?.Subject).toEqual({
      Data: 'Grüße — Ihre Rechnung',
      Charset: 'UTF-8',
    });
    expect(request?.EmailTags).toEqual([
      { Name: 'category', Value: 'receipt' },
      { Name: 'campaign_id', Value: 'spring_2025' },
    ]);
    expect(request?.ConfigurationSetName).toBe('transactional');
  });

  it('sends Raw MIME with attachments and custom headers, Bcc only in the destination', async () => {
    const sent = await provider.send(
      message(
        {
          subject: 'Monthly report',
          text: 'Attached.',
          bcc: ['audit@example.test'],
          headers: { 'X-Report': 'monthly' },
          tags: [{ name: 'category', value: 'report' }],
          attachments: [
            {
              filename: 'report.bin',
              contentType: 'application/octet-stream',
              size: 256,
              sha256: sha256(report),
            },
          ],
        },
        { attachments },
      ),
    );
    const stored = (await ses.emails()).find(
      ({ messageId }) => messageId === sent.providerMessageId,
    );
    expect(stored?.subject).toBe('Monthly report');
    expect(
      stored?.attachments.map(({ filename, contentType, content }) => ({
        filename,
        contentType,
        sha256: sha256(Buffer.from(content, 'base64')),
      })),
    ).toEqual([
      { filename: 'report.bin', contentType: 'application/octet-stream', sha256: sha256(report) },
    ]);

    const request = ses.requests.at(-1);
    expect(request?.Content.Simple).toBeUndefined();
    expect(request?.Destination).toEqual({
      ToAddresses: ['ann@example.test'],
      BccAddresses: ['audit@example.test'],
    });
    expect(request?.EmailTags).toEqual([{ Name: 'category', Value: 'report' }]);
    const mime = Buffer.from(request?.Content.Raw?.Data ?? '', 'base64');
    expect(mime.toString()).not.toContain('audit@example.test');
    const parsed = await simpleParser(mime);
    expect(parsed.headers.get('x-report')).toBe('monthly');
    expect(parsed.headers.has('x-switchboard-tags')).toBe(false);
  });

  it('sends each recipient its copy as Raw MIME to that recipient alone, each with its id', async () => {
    const before = ses.requests.length;
    const sent = await provider.send(
      message(
        { subject: 'Spring offers', html: '<p>Offers</p>', cc: ['carl@example.test'] },
        {
          copies: [
            { recipient: 'ann@example.test', content: { html: '<p>Offers for Ann</p>' } },
            {
              recipient: 'carl@example.test',
              content: { html: '<p>Offers for Carl</p>', headers: { 'X-Copy': 'carl' } },
            },
          ],
        },
      ),
    );
    expect(sent.copyMessageIds).toHaveLength(1);
    expect(sent).not.toHaveProperty('refused');
    const requests = ses.requests.slice(before);
    expect(requests.map((request) => request.Destination?.ToAddresses).sort()).toEqual([
      ['ann@example.test'],
      ['carl@example.test'],
    ]);
    const copies = await Promise.all(
      requests.map((request) =>
        simpleParser(Buffer.from(request.Content.Raw?.Data ?? '', 'base64')),
      ),
    );
    for (const copy of copies) {
      expect(copy.headers.get('to')).toMatchObject({ text: 'ann@example.test' });
      expect(copy.headers.get('cc')).toMatchObject({ text: 'carl@example.test' });
    }
    expect(copies.map((copy) => (copy.html || '').trim()).sort()).toEqual([
      '<p>Offers for Ann</p>',
      '<p>Offers for Carl</p>',
    ]);
    const stored = (await ses.emails()).map(({ messageId }) => messageId);
    expect(stored).toEqual(
      expect.arrayContaining([sent.providerMessageId, ...(sent.copyMessageIds ?? [])]),
    );
  });

  it('refuses a request the emulator finds malformed as CONTENT_REJECTED', async () => {
    const error = await failureOf(provider.send(message({ subject: '', text: 'no subject' })));
    expect(error.category).toBe('CONTENT_REJECTED');
    expect(error.message).toMatch(/^SES refused the request \(SES \w+, HTTP 400/);
  });

  it('is PROVIDER_OUTAGE once SES is down', async () => {
    const down = await startSesLocal();
    const doomed = sesProvider(down.endpoint);
    await down.stop();
    const error = await failureOf(doomed.send(message({ subject: 's', text: 't' })));
    expect(error.category).toBe('PROVIDER_OUTAGE');
    expect(error.message).toMatch(/^could not reach SES: .*ECONNREFUSED/);
    await doomed.close?.();
  });
});
