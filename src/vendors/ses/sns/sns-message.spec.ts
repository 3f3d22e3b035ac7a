import {
  readSnsMessage,
  snsCertificateUrl,
  snsEndpointUrl,
  type SnsMessage,
  snsStringToSign,
} from './sns-message';

const NOTIFICATION: SnsMessage = {
  Type: 'Notification',
  MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic',
  Message: 'Hello world!\nSecond line',
  Timestamp: '2012-05-02T00:54:06.655Z',
  SignatureVersion: '1',
  Signature: 'EXAMPLEpH+..',
  SigningCertURL:
    'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
};

const CONFIRMATION: SnsMessage = {
  Type: 'SubscriptionConfirmation',
  MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
  Token: '2336412f37f...',
  TopicArn: 'arn:aws:sns:us-west-2:123456789012:MyTopic',
  Message: 'You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.',
  SubscribeURL:
    'https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37f...',
  Timestamp: '2012-04-26T20:45:04.751Z',
  SignatureVersion: '2',
  Signature:
    'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
  SigningCertURL:
    'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
};

describe('snsStringToSign', () => {
  it('lists a notification’s Message, MessageId, Timestamp, TopicArn and Type, each name and value on a line', () => {
    expect(snsStringToSign(NOTIFICATION)).toBe(
      'Message\nHello world!\nSecond line\n' +
        'MessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n' +
        'Timestamp\n2012-05-02T00:54:06.655Z\n' +
        'TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n' +
        'Type\nNotification\n',
    );
  });

  it('puts a notification’s Subject, when it has one, between MessageId and Timestamp', () => {
    expect(snsStringToSign({ ...NOTIFICATION, Subject: 'Amazon SES Email Event' })).toBe(
      'Message\nHello world!\nSecond line\n' +
        'MessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n' +
        'Subject\nAmazon SES Email Event\n' +
        'Timestamp\n2012-05-02T00:54:06.655Z\n' +
        'TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n' +
        'Type\nNotification\n',
    );
  });

  it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const)(
    'signs a %s with its SubscribeURL and Token, and never a Subject',
    (type) => {
      expect(snsStringToSign({ ...CONFIRMATION, Type: type, Subject: 'ignored' })).toBe(
        `Message\n${CONFIRMATION.Message}\n` +
          'MessageId\n165545c9-2a5c-472c-8df2-7ff2be2b3b1b\n' +
          `SubscribeURL\n${CONFIRMATION.SubscribeURL ?? ''}\n` +
          'Timestamp\n2012-04-26T20:45:04.751Z\n' +
          'Token\n2336412f37f...\n' +
          'TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n' +
          `Type\n${type}\n`,
      );
    },
  );
});

describe('readSnsMessage', () => {
  it('reads notifications and confirmations with every signed field', () => {
    expect(readSnsMessage({ ...NOTIFICATION, UnsubscribeURL: 'https://…' })).toMatchObject(
      NOTIFICATION,
    );
    expect(readSnsMessage(CONFIRMATION)).toEqual(CONFIRMATION);
  });

  it.each([
    ['no signature', { ...NOTIFICATION, Signature: undefined }],
    ['an empty signature', { ...NOTIFICATION, Signature: '' }],
    ['an unknown signature version', { ...NOTIFICATION, SignatureVersion: '3' }],
    ['a numeric signature version', { ...NOTIFICATION, SignatureVersion: 1 }],
    ['no certificate URL', { ...NOTIFICATION, SigningCertURL: undefined }],
    ['an unknown type', { ...NOTIFICATION, Type: 'Other' }],
    ['a Message that is no string', { ...NOTIFICATION, Message: { a: 1 } }],
    ['a Subject that is no string', { ...NOTIFICATION, Subject: 7 }],
    ['a confirmation without its Token', { ...CONFIRMATION, Token: undefined }],
    ['a confirmation without its SubscribeURL', { ...CONFIRMATION, SubscribeURL: undefined }],
  ])('reads nothing from a message with %s', (_case, body) => {
    expect(readSnsMessage(body)).toBeUndefined();
  });

  it.each([undefined, null, 'text', [NOTIFICATION], 42])('reads nothing from %p', (body) => {
    expect(readSnsMessage(body)).toBeUndefined();
  });
});

describe('the SNS host rule', () => {
  it.each([
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
    'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem',
    'https://SNS.US-EAST-1.AMAZONAWS.COM/SimpleNotificationService-abc.pem',
  ])('takes the certificate URL %s', (url) => {
    expect(snsCertificateUrl(url)?.href).toBe(new URL(url).href);
  });

  it.each([
    ['another host', 'https://evil.example.com/cert.pem'],
    ['plain http', 'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem'],
    ['a host that only starts like SNS', 'https://sns.us-east-1.amazonaws.com.evil.com/a.pem'],
    ['a host that only ends like SNS', 'https://evilsns.us-east-1.amazonaws.com/a.pem'],
    ['another AWS service', 'https://s3.us-east-1.amazonaws.com/a.pem'],
    ['a subdomain of an SNS host', 'https://x.sns.us-east-1.amazonaws.com/a.pem'],
    ['credentials before the host', 'https://sns.us-east-1.amazonaws.com@evil.com/a.pem'],
    ['a user on an SNS host', 'https://user@sns.us-east-1.amazonaws.com/a.pem'],
    ['another port', 'https://sns.us-east-1.amazonaws.com:8443/a.pem'],
    ['a file that is no .pem', 'https://sns.us-east-1.amazonaws.com/cert.txt'],
    ['a query after the .pem', 'https://sns.us-east-1.amazonaws.com/a.pem?x=1'],
    ['the S3 host', 'https://sns.s3.amazonaws.com/SimpleNotificationService-abc.pem'],
    ['no region', 'https://sns.amazonaws.com/SimpleNotificationService-abc.pem'],
    ['another file name', 'https://sns.us-east-1.amazonaws.com/a.pem'],
    [
      'a name that is no hex',
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem',
    ],
    ['a folder', 'https://sns.us-east-1.amazonaws.com/d/SimpleNotificationService-abc.pem'],
    ['a fragment', 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem#x'],
    ['no URL at all', 'sns.us-east-1.amazonaws.com/a.pem'],
  ])('refuses a certificate URL with %s', (_case, url) => {
    expect(snsCertificateUrl(url)).toBeUndefined();
  });

  it('takes a SubscribeURL of an SNS endpoint, with its query, and nothing else', () => {
    expect(snsEndpointUrl(CONFIRMATION.SubscribeURL ?? '')?.searchParams.get('Action')).toBe(
      'ConfirmSubscription',
    );
    expect(snsEndpointUrl('https://evil.example.com/?Action=ConfirmSubscription')).toBeUndefined();
    expect(snsEndpointUrl('http://sns.us-east-1.amazonaws.com/?Action=X')).toBeUndefined();
  });
});
