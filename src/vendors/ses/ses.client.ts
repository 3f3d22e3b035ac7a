import {
  type EmailContent,
  SendEmailCommand,
  type SendEmailCommandInput,
  SESv2Client,
  SESv2ServiceException,
} from '@aws-sdk/client-sesv2';
import type { SesEmailRequest } from './ses-email';
import type { SesFailure } from './ses-errors';
import type { SesOptions } from './ses-options';

export type SesClientOptions = Pick<SesOptions, 'region' | 'endpoint' | 'credentials'> & {
  readonly timeoutMs: number;
};

export type SesResult =
  | { readonly ok: true; readonly messageId: string }
  | { readonly ok: false; readonly failure: SesFailure };

const MAX_MESSAGE_LENGTH = 300;
const CHARSET = 'UTF-8';
/** Node's codes for a connection that failed or dropped (the SDK names some of them timeouts). */
const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const oneLine = (text: string): string =>
  text.replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE_LENGTH);

/**
 * The SDK's retry layer turns what it does not recognise as an Error (one from another realm,
 * as under a test runner's sandbox) into `AWS SDK error wrapper for Error: connect ECONNREFUSED
 * …`: the text still names the code.
 */
const WRAPPER = /^AWS SDK error wrapper for (\w+: )?/;
const CODE_IN_TEXT = /\b(E[A-Z]{3,}(?:_[A-Z]+)?)\b/;

function codeOf(record: Record<string, unknown>, message: string): string | undefined {
  return textOf(record.code) ?? CODE_IN_TEXT.exec(message)?.[1];
}

/**
 * What went wrong, from whatever the SDK threw: SES's own errors (modelled or not) carry a name
 * and the HTTP status; the rest are credential, connection or timeout failures.
 */
export function describeSesError(error: unknown, timeoutMs: number): SesFailure {
  const record = isRecord(error) ? error : {};
  const name = textOf(record.name) ?? 'Error';
  const message = oneLine(textOf(record.message) ?? '').replace(WRAPPER, '');
  if (error instanceof SESv2ServiceException) {
    const httpStatus = error.$metadata.httpStatusCode;
    return { kind: 'service', name, message, ...(httpStatus === undefined ? {} : { httpStatus }) };
  }
  if (name === 'CredentialsProviderError') return { kind: 'credentials', message };
  const code = codeOf(record, message);
  if (code !== undefined && NETWORK_CODES.includes(code))
    return { kind: 'network', message: message.includes(code) ? message : `${code}: ${message}` };
  if (name === 'TimeoutError' || code === 'ETIMEDOUT')
    return { kind: 'timeout', message: `no answer within ${timeoutMs} ms` };
  if (code !== undefined) return { kind: 'network', message: `${code}: ${message}` };
  return { kind: 'refused', message: message || name };
}

function content(request: SesEmailRequest): EmailContent {
  if (request.content.kind === 'raw') return { Raw: { Data: request.content.mime } };
  const { subject, text, html } = request.content;
  return {
    Simple: {
      Subject: { Data: subject, Charset: CHARSET },
      Body: {
        ...(text === undefined ? {} : { Text: { Data: text, Charset: CHARSET } }),
        ...(html === undefined ? {} : { Html: { Data: html, Charset: CHARSET } }),
      },
    },
  };
}

function sendEmailInput(request: SesEmailRequest): SendEmailCommandInput {
  const replyTo = request.content.kind === 'simple' ? request.content.replyTo : [];
  return {
    FromEmailAddress: request.from,
    Destination: {
      ToAddresses: [...request.to],
      ...(request.cc.length > 0 ? { CcAddresses: [...request.cc] } : {}),
      ...(request.bcc.length > 0 ? { BccAddresses: [...request.bcc] } : {}),
    },
    ...(replyTo.length > 0 ? { ReplyToAddresses: [...replyTo] } : {}),
    Content: content(request),
    ...(request.tags.length > 0
      ? { EmailTags: request.tags.map(({ name, value }) => ({ Name: name, Value: value })) }
      : {}),
    ...(request.configurationSetName === undefined
      ? {}
      : { ConfigurationSetName: request.configurationSetName }),
  };
}

/** The one wrapper of the SES v2 SDK: vendor types and errors stay in here. */
export class SesClient {
  private readonly sdk: SESv2Client;

  constructor(private readonly options: SesClientOptions) {
    this.sdk = new SESv2Client({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      // No SDK retries: the dispatch pipeline owns retry and fail-over.
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: options.timeoutMs,
        requestTimeout: options.timeoutMs,
        throwOnRequestTimeout: true,
      },
    });
  }

  async send(request: SesEmailRequest): Promise<SesResult> {
    try {
      const answer = await this.sdk.send(new SendEmailCommand(sendEmailInput(request)));
      if (!answer.MessageId)
        return {
          ok: false,
          failure: {
            kind: 'service',
            name: 'NoMessageId',
            message: 'SES answered without a MessageId',
          },
        };
      return { ok: true, messageId: answer.MessageId };
    } catch (error) {
      return { ok: false, failure: describeSesError(error, this.options.timeoutMs) };
    }
  }

  /** Closes the SDK's kept-alive connections. */
  close(): void {
    this.sdk.destroy();
  }
}
