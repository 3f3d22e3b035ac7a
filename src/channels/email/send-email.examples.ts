/**
 * Whole-body examples, as Swagger UI offers them: raw, HTML, attachment, template, and a
 * newsletter with tracking and one-click unsubscribe.
 */
export const EMAIL_EXAMPLES = {
  text: {
    summary: 'A plain-text email',
    value: {
      to: 'alex@example.com',
      from: 'billing@example.com',
      subject: 'Receipt #2891',
      text: 'Thanks for your payment.',
    },
  },
  html: {
    summary: 'HTML with a sender name, cc, headers and tags',
    value: {
      to: ['alex@example.com'],
      cc: 'finance@example.com',
      from: 'billing@example.com',
      fromName: 'Acme Billing',
      subject: 'Reçu nº 2891 ✓',
      html: '<h1>Thanks!</h1><p>We received your payment.</p>',
      headers: { 'List-Unsubscribe': '<https://example.com/unsubscribe/2891>' },
      tags: [{ name: 'category', value: 'receipt' }],
    },
  },
  attachment: {
    summary: 'With an attachment',
    value: {
      to: 'alex@example.com',
      from: 'billing@example.com',
      subject: 'Your receipt',
      text: 'Your receipt is attached.',
      attachments: [
        {
          filename: 'receipt.txt',
          contentType: 'text/plain',
          content: 'T3JkZXIgMjg5MTogMiB4IFdpZGdldCBQcm8sICQ1OS45OAo=',
        },
      ],
    },
  },
  template: {
    summary: 'From the stored template order_shipped (create it first)',
    value: {
      to: 'alex@example.com',
      from: 'shop@example.com',
      template: 'order_shipped',
      templateData: { orderId: 'ORD-12345', name: 'Alex', carrier: 'UPS' },
    },
  },
  newsletter: {
    summary: 'A newsletter: opens and clicks tracked, one-click unsubscribe for its topic',
    value: {
      to: 'alex@example.com',
      from: 'news@example.com',
      subject: 'What is new in May',
      html: '<p>Read <a href="https://example.com/blog/may">the May news</a>.</p>',
      topic: 'newsletter',
      tracking: { opens: true, clicks: true },
      unsubscribe: true,
    },
  },
};
