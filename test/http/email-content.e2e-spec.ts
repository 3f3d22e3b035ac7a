import { startApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import {
  valid,
  b64,
  sha256,
  pdfBytes,
  pdf,
  addresses,
  keyFor,
  client,
  api,
  useEmailApi,
} from './email-api';

describe('POST /api/v1/messages/email (embedded default: memory store, sandbox provider)', () => {
  useEmailApi();

  it('accepts raw text and stores it as sent', async () => {
    const res = await api.send(valid).expect(202);
    expect(res.headers.location).toBe(`/api/v1/messages/${res.body.messageId}`);
    expect(res.body).toEqual({
      messageId: expect.stringMatching(/^msg_/),
      status: 'QUEUED',
      channel: 'email',
      to: ['alex@example.com'],
      createdAt: expect.any(String),
    });
    const message = await api.settled(res.body.messageId);
    expect(message).toMatchObject({
      channel: 'email',
      status: 'DELIVERED',
      to: ['alex@example.com'],
      content: { subject: 'Receipt #2891', text: 'Thanks.' },
    });
    expect(message.content).toEqual({ subject: 'Receipt #2891', text: 'Thanks.' });
  });

  it('makes and stores a plain-text part for an HTML-only email', async () => {
    const html =
      '<h1>Receipt</h1><p>Thanks, <b>Zoë</b> &amp; co.</p><p><a href="https://example.com/r/2891">View it</a></p>';
    const res = await api.send({ ...valid, text: undefined, html }).expect(202);
    const { content } = await api.record(res.body.messageId);
    expect(content.html).toBe(html);
    expect(content.text).toBe(
      'RECEIPT\n\nThanks, Zoë & co.\n\nView it [https://example.com/r/2891]',
    );
  });

  it('keeps a text part given with the HTML as it is', async () => {
    const res = await api.send({ ...valid, html: '<p>Thanks!</p>' }).expect(202);
    expect((await api.record(res.body.messageId)).content).toMatchObject({
      text: 'Thanks.',
      html: '<p>Thanks!</p>',
    });
  });

  it('accepts any Unicode in the subject and the sender name', async () => {
    const subject = 'Ваш чек №2891 — 領収書 ✓ 🎉';
    const fromName = 'Zoë Ångström – Café «Acme» 株式会社';
    const res = await api
      .send({ ...valid, subject, fromName, from: 'billing@example.com' })
      .expect(202);
    expect((await api.record(res.body.messageId)).content).toMatchObject({
      subject,
      fromName,
      from: 'billing@example.com',
    });
  });

  it('stores to as a list and cc, bcc and replyTo in the content', async () => {
    const res = await api
      .send({
        ...valid,
        to: ['alex@example.com', 'sam@example.org'],
        cc: 'finance@example.com',
        bcc: ['audit@example.com'],
        replyTo: 'support@example.com',
      })
      .expect(202);
    expect(res.body.to).toEqual(['alex@example.com', 'sam@example.org']);
    const message = await api.record(res.body.messageId);
    expect(message.to).toEqual(['alex@example.com', 'sam@example.org']);
    expect(message.content).toEqual({
      subject: 'Receipt #2891',
      text: 'Thanks.',
      cc: ['finance@example.com'],
      bcc: ['audit@example.com'],
      replyTo: ['support@example.com'],
    });
  });

  it('accepts 50 recipients in to, cc and bcc together', async () => {
    await api
      .send({
        ...valid,
        to: addresses(20),
        cc: addresses(20, 'example.org'),
        bcc: addresses(10, 'example.net'),
      })
      .expect(202);
  });

  it('stores custom headers and tags', async () => {
    const headers = {
      'List-Unsubscribe': '<https://example.com/unsubscribe/2891>',
      'X-Campaign': 'Frühling 2026',
      'In-Reply-To': '<abc@example.com>',
    };
    const tags = [
      { name: 'category', value: 'receipt' },
      { name: 'tenant_id', value: 'acme-42' },
    ];
    const res = await api.send({ ...valid, headers, tags }).expect(202);
    expect((await api.record(res.body.messageId)).content).toMatchObject({ headers, tags });
  });

  it('sends attachments, records name, type, size and SHA-256, and drops the bytes', async () => {
    const notes = Buffer.from('Zahlung erhalten ✓\n');
    const res = await api
      .send({
        ...valid,
        attachments: [
          pdf,
          {
            filename: '../../Notizen\u202E.txt',
            content: b64(notes),
            contentType: 'text/plain; charset=utf-8',
          },
        ],
      })
      .expect(202);
    const id = res.body.messageId as string;
    const message = await api.settled(id);
    expect(message.content.attachments).toEqual([
      {
        filename: 'receipt-2891.pdf',
        contentType: 'application/pdf',
        size: pdfBytes.length,
        sha256: sha256(pdfBytes),
      },
      {
        filename: 'Notizen.txt',
        contentType: 'text/plain; charset=utf-8',
        size: notes.length,
        sha256: sha256(notes),
      },
    ]);
    const raw = JSON.stringify(message);
    expect(raw).not.toContain(pdf.content);
    expect(raw).not.toContain(b64(notes));
    await eventually(
      () => api.stored(id),
      (files) => files === undefined,
      'the attachment bytes to be dropped',
    );
  });

  it('keeps the bytes while the message waits, and a replay does not drop them', async () => {
    const scheduledAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const body = { ...valid, scheduledAt, attachments: [pdf] };
    const headers = { 'Idempotency-Key': `email-attachments-${Date.now()}` };
    const first = await api.send(body, headers).expect(202);
    expect(first.body.status).toBe('SCHEDULED');
    const again = await api.send(body, headers).expect(202);
    expect(again.body.messageId).toBe(first.body.messageId);
    const stored = await api.stored(first.body.messageId);
    expect(stored?.map((file) => file.content.equals(pdfBytes))).toEqual([true]);
  });
});

describe('email attachments with executables allowed', () => {
  it('takes an .exe when EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS is set', async () => {
    const t = await startApp({}, { EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS: 'true' });
    try {
      const api = client(t, await keyFor(t));
      const res = await api
        .send({
          ...valid,
          attachments: [{ ...pdf, filename: 'setup.exe', contentType: 'application/x-msdownload' }],
        })
        .expect(202);
      expect((await api.record(res.body.messageId)).content.attachments[0].filename).toBe(
        'setup.exe',
      );
    } finally {
      await t.close();
    }
  });
});
