import {
  AccountSuspendedException,
  BadRequestException,
  InternalServiceErrorException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  NotFoundException,
  SendingPausedException,
  SESv2ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { CredentialsProviderError } from '@smithy/core/config';
import { ProviderError } from '../../contract/provider';
import { SES_ERRORS, sesFailureMeaning, sesProviderError } from './ses-errors';
import { describeSesError } from './ses.client';
import type { ErrorCategory } from '../../contract/error-category';

const TIMEOUT_MS = 500;

/** What the SDK's error deserialiser makes of an error SES does not model for the operation. */
const unmodelled = (name: string, httpStatusCode: number, message = 'as SES words it'): Error =>
  new SESv2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message });

const meaningOf = (error: unknown): { category: ErrorCategory; message: string } =>
  sesFailureMeaning(describeSesError(error, TIMEOUT_MS));

const said = { message: 'as SES words it' };

describe('SES error table', () => {
  it.each<[string, Error, ErrorCategory, RegExp]>([
    [
      'TooManyRequestsException',
      new TooManyRequestsException({ ...said, $metadata: { httpStatusCode: 429 } }),
      'RATE_LIMITED',
      /SES is limiting requests/,
    ],
    ['ThrottlingException', unmodelled('ThrottlingException', 400), 'RATE_LIMITED', /throttling/],
    [
      'LimitExceededException',
      new LimitExceededException({ ...said, $metadata: { httpStatusCode: 400 } }),
      'RATE_LIMITED',
      /sending limit/,
    ],
    [
      'MessageRejected',
      new MessageRejected({ ...said, $metadata: { httpStatusCode: 400 } }),
      'CONTENT_REJECTED',
      /SES refused the message/,
    ],
    [
      'BadRequestException',
      new BadRequestException({ ...said, $metadata: { httpStatusCode: 400 } }),
      'CONTENT_REJECTED',
      /SES refused the request/,
    ],
    [
      'AccountSuspendedException',
      new AccountSuspendedException({ ...said, $metadata: { httpStatusCode: 400 } }),
      'CONFIGURATION_ERROR',
      /may no longer send/,
    ],
    [
      'SendingPausedException',
      new SendingPausedException({ ...said, $metadata: { httpStatusCode: 400 } }),
      'CONFIGURATION_ERROR',
      /sending is paused/,
    ],
    [
      'MailFromDomainNotVerifiedException',
      new MailFromDomainNotVerifiedException({ ...said, $metadata: { httpStatusCode: 400 } }),
      'CONFIGURATION_ERROR',
      /MAIL FROM domain is not verified/,
    ],
    [
      'NotFoundException',
      new NotFoundException({ ...said, $metadata: { httpStatusCode: 404 } }),
      'CONFIGURATION_ERROR',
      /does not know something the request names/,
    ],
    [
      'InternalServiceErrorException',
      new InternalServiceErrorException({ ...said, $metadata: { httpStatusCode: 500 } }),
      'PROVIDER_OUTAGE',
      /internal error/,
    ],
    [
      'UnrecognizedClientException',
      unmodelled('UnrecognizedClientException', 403),
      'AUTH_ERROR',
      /does not know the access key/,
    ],
    [
      'InvalidClientTokenId',
      unmodelled('InvalidClientTokenId', 403),
      'AUTH_ERROR',
      /does not know the access key/,
    ],
    [
      'SignatureDoesNotMatch',
      unmodelled('SignatureDoesNotMatch', 403),
      'AUTH_ERROR',
      /request signature/,
    ],
    [
      'InvalidSignatureException',
      unmodelled('InvalidSignatureException', 403),
      'AUTH_ERROR',
      /request signature/,
    ],
    ['IncompleteSignature', unmodelled('IncompleteSignature', 403), 'AUTH_ERROR', /signature/],
    [
      'ExpiredTokenException',
      unmodelled('ExpiredTokenException', 403),
      'AUTH_ERROR',
      /session token has expired/,
    ],
    ['AccessDeniedException', unmodelled('AccessDeniedException', 403), 'AUTH_ERROR', /IAM policy/],
  ])('maps %s', (name, error, category, reason) => {
    const meaning = meaningOf(error);
    expect(meaning.category).toBe(category);
    expect(meaning.message).toMatch(reason);
    expect(meaning.message).toMatch(new RegExp(`\\(SES ${name}, HTTP \\d{3}: as SES words it\\)$`));
  });

  it('has a test row for every name it maps', () => {
    expect(Object.keys(SES_ERRORS)).toHaveLength(17);
  });
});

describe('SES refusals worded more precisely than their name', () => {
  it.each<[string, Error, ErrorCategory, RegExp]>([
    [
      'an unverified identity',
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check in region EU-WEST-1: ann@example.com',
        $metadata: { httpStatusCode: 400 },
      }),
      'CONFIGURATION_ERROR',
      /not a verified identity in SES/,
    ],
    [
      'an illegal address',
      new MessageRejected({ message: 'Illegal address', $metadata: { httpStatusCode: 400 } }),
      'INVALID_RECIPIENT',
      /found an address invalid/,
    ],
    [
      'an address without a domain',
      new BadRequestException({
        message: "Missing final '@domain' in address",
        $metadata: { httpStatusCode: 400 },
      }),
      'INVALID_RECIPIENT',
      /found an address invalid/,
    ],
    [
      'an invalid email address',
      new BadRequestException({
        message: 'Invalid email address <ann@>.',
        $metadata: { httpStatusCode: 400 },
      }),
      'INVALID_RECIPIENT',
      /found an address invalid/,
    ],
  ])('maps %s', (_case, error, category, reason) => {
    const meaning = meaningOf(error);
    expect(meaning.category).toBe(category);
    expect(meaning.message).toMatch(reason);
  });
});

describe('SES failures without a known name', () => {
  it.each<[string, Error, ErrorCategory, RegExp]>([
    ['HTTP 401', unmodelled('UnknownError', 401), 'AUTH_ERROR', /refused the credentials/],
    ['HTTP 403', unmodelled('MissingAuthenticationToken', 403), 'AUTH_ERROR', /credentials/],
    ['HTTP 404', unmodelled('UnknownError', 404), 'CONFIGURATION_ERROR', /check the endpoint/],
    ['HTTP 429', unmodelled('UnknownError', 429), 'RATE_LIMITED', /limiting requests/],
    ['HTTP 400', unmodelled('UnknownError', 400), 'CONTENT_REJECTED', /refused the request/],
    ['HTTP 500', unmodelled('UnknownError', 500), 'PROVIDER_OUTAGE', /server error/],
    ['HTTP 503', unmodelled('ServiceUnavailable', 503), 'PROVIDER_OUTAGE', /server error/],
  ])('maps %s', (_case, error, category, reason) => {
    const meaning = meaningOf(error);
    expect(meaning.category).toBe(category);
    expect(meaning.message).toMatch(reason);
  });
});

describe('SES failures before an answer', () => {
  const nodeError = (code: string, message: string, name = 'Error'): Error =>
    Object.assign(new Error(message), { code, name });

  it.each<[string, unknown, ErrorCategory, string]>([
    [
      'a refused connection',
      nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8005'),
      'PROVIDER_OUTAGE',
      'could not reach SES: connect ECONNREFUSED 127.0.0.1:8005',
    ],
    [
      'a reset the SDK names a timeout',
      nodeError('ECONNRESET', 'socket hang up', 'TimeoutError'),
      'PROVIDER_OUTAGE',
      'could not reach SES: ECONNRESET: socket hang up',
    ],
    [
      'an unknown host',
      nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND email.nowhere.invalid'),
      'PROVIDER_OUTAGE',
      'could not reach SES: getaddrinfo ENOTFOUND email.nowhere.invalid',
    ],
    [
      'the request timeout',
      nodeError(
        'ETIMEDOUT',
        'a request has exceeded the configured 500 ms requestTimeout.',
        'TimeoutError',
      ),
      'TIMEOUT',
      `SES did not answer: no answer within ${TIMEOUT_MS} ms`,
    ],
    [
      'the connection timeout',
      Object.assign(new Error('the request socket did not establish a connection'), {
        name: 'TimeoutError',
      }),
      'TIMEOUT',
      `SES did not answer: no answer within ${TIMEOUT_MS} ms`,
    ],
    [
      'a connection error the SDK passed on as text',
      new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:8005'),
      'PROVIDER_OUTAGE',
      'could not reach SES: connect ECONNREFUSED 127.0.0.1:8005',
    ],
    [
      'no credentials anywhere in the chain',
      new CredentialsProviderError('Could not load credentials from any providers', {
        tryNextLink: false,
      }),
      'AUTH_ERROR',
      'no AWS credentials for SES (options accessKeyId and secretAccessKey, or the AWS default chain such as AWS_ACCESS_KEY_ID): Could not load credentials from any providers',
    ],
    [
      'a request the SDK refused',
      new Error('Region is missing'),
      'CONFIGURATION_ERROR',
      'the SES SDK refused the request: Region is missing',
    ],
  ])('maps %s', (_case, error, category, message) => {
    expect(meaningOf(error)).toEqual({ category, message });
  });

  it('becomes a ProviderError of the category', () => {
    const error = sesProviderError(
      describeSesError(new TooManyRequestsException({ ...said, $metadata: {} }), TIMEOUT_MS),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.category).toBe('RATE_LIMITED');
    expect(error.message).toBe(
      'SES is limiting requests (SES TooManyRequestsException: as SES words it)',
    );
  });
});
