import { ProviderError } from '../../contract/provider';
import type { ErrorCategory } from '../../contract/error-category';

export interface SesErrorMeaning {
  readonly category: ErrorCategory;
  readonly reason: string;
}

/** Why a SendEmail call failed, in plain terms; messages never carry credentials. */
export type SesFailure =
  /** SES (or whatever serves the endpoint) answered with an error. */
  | {
      readonly kind: 'service';
      /** The error's name (`MessageRejected`, `TooManyRequestsException`...). */
      readonly name: string;
      readonly httpStatus?: number;
      readonly message: string;
    }
  /** The AWS credential chain found no credentials. */
  | { readonly kind: 'credentials'; readonly message: string }
  /** The connection failed or dropped before an answer. */
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  /** The SDK refused the request before sending it. */
  | { readonly kind: 'refused'; readonly message: string };

const SIGNATURE: SesErrorMeaning = {
  category: 'AUTH_ERROR',
  reason: 'SES refused the request signature (check the secret access key)',
};
const UNKNOWN_KEY: SesErrorMeaning = {
  category: 'AUTH_ERROR',
  reason: 'SES does not know the access key',
};

/**
 * The one table of SES errors, by name (SES API v2 and AWS's common errors). Transient
 * categories retry then fail over, AUTH_ERROR and CONFIGURATION_ERROR fail over at once (another
 * account or provider may succeed), INVALID_RECIPIENT and CONTENT_REJECTED are final.
 */
export const SES_ERRORS: Readonly<Partial<Record<string, SesErrorMeaning>>> = {
  TooManyRequestsException: { category: 'RATE_LIMITED', reason: 'SES is limiting requests' },
  ThrottlingException: { category: 'RATE_LIMITED', reason: 'SES is throttling requests' },
  LimitExceededException: {
    category: 'RATE_LIMITED',
    reason: 'the SES account reached a sending limit (rate or daily quota)',
  },
  MessageRejected: { category: 'CONTENT_REJECTED', reason: 'SES refused the message' },
  BadRequestException: { category: 'CONTENT_REJECTED', reason: 'SES refused the request' },
  AccountSuspendedException: {
    category: 'CONFIGURATION_ERROR',
    reason: 'the SES account may no longer send email',
  },
  SendingPausedException: {
    category: 'CONFIGURATION_ERROR',
    reason: 'sending is paused for the SES account or configuration set',
  },
  MailFromDomainNotVerifiedException: {
    category: 'CONFIGURATION_ERROR',
    reason: "the sender's MAIL FROM domain is not verified in SES",
  },
  NotFoundException: {
    category: 'CONFIGURATION_ERROR',
    reason: 'SES does not know something the request names (configuration set, identity)',
  },
  InternalServiceErrorException: {
    category: 'PROVIDER_OUTAGE',
    reason: 'SES had an internal error',
  },
  UnrecognizedClientException: UNKNOWN_KEY,
  InvalidClientTokenId: UNKNOWN_KEY,
  SignatureDoesNotMatch: SIGNATURE,
  InvalidSignatureException: SIGNATURE,
  IncompleteSignature: SIGNATURE,
  ExpiredTokenException: { category: 'AUTH_ERROR', reason: 'the AWS session token has expired' },
  AccessDeniedException: {
    category: 'AUTH_ERROR',
    reason: 'the AWS credentials may not send email through SES (IAM policy)',
  },
};

/**
 * SES words some refusals of MessageRejected and BadRequestException more precisely than the
 * name: an unverified identity (the sender, or any recipient in the SES sandbox) is the
 * account's configuration, an invalid address the recipient's.
 */
const REFUSAL_DETAILS: readonly (SesErrorMeaning & { readonly pattern: RegExp })[] = [
  {
    pattern: /not verified/i,
    category: 'CONFIGURATION_ERROR',
    reason:
      'an address is not a verified identity in SES (the sender, or any recipient in the SES sandbox)',
  },
  {
    pattern:
      /(invalid|illegal|malformed|missing final).*address|address.*(invalid|illegal|malformed)/i,
    category: 'INVALID_RECIPIENT',
    reason: 'SES found an address invalid',
  },
];

function byHttpStatus(status: number | undefined): SesErrorMeaning {
  if (status === 401 || status === 403)
    return { category: 'AUTH_ERROR', reason: 'SES refused the credentials' };
  if (status === 404)
    return {
      category: 'CONFIGURATION_ERROR',
      reason: 'SES does not know the operation (check the endpoint)',
    };
  if (status === 429) return { category: 'RATE_LIMITED', reason: 'SES is limiting requests' };
  if (status !== undefined && status >= 400 && status < 500)
    return { category: 'CONTENT_REJECTED', reason: 'SES refused the request' };
  return { category: 'PROVIDER_OUTAGE', reason: 'SES had a server error' };
}

function serviceMeaning(
  name: string,
  httpStatus: number | undefined,
  said: string,
): SesErrorMeaning {
  const known = SES_ERRORS[name];
  if (name === 'MessageRejected' || name === 'BadRequestException') {
    const detail = REFUSAL_DETAILS.find(({ pattern }) => pattern.test(said));
    if (detail) return { category: detail.category, reason: detail.reason };
  }
  return known ?? byHttpStatus(httpStatus);
}

/** A failed send in the gateway's terms: category and a message safe to record. */
export function sesFailureMeaning(failure: SesFailure): {
  readonly category: ErrorCategory;
  readonly message: string;
} {
  switch (failure.kind) {
    case 'service': {
      const { category, reason } = serviceMeaning(
        failure.name,
        failure.httpStatus,
        failure.message,
      );
      const status = failure.httpStatus === undefined ? '' : `, HTTP ${failure.httpStatus}`;
      const said = failure.message ? `: ${failure.message}` : '';
      return { category, message: `${reason} (SES ${failure.name}${status}${said})` };
    }
    case 'credentials':
      return {
        category: 'AUTH_ERROR',
        message: `no AWS credentials for SES (options accessKeyId and secretAccessKey, or the AWS default chain such as AWS_ACCESS_KEY_ID): ${failure.message}`,
      };
    case 'network':
      return { category: 'PROVIDER_OUTAGE', message: `could not reach SES: ${failure.message}` };
    case 'timeout':
      return { category: 'TIMEOUT', message: `SES did not answer: ${failure.message}` };
    case 'refused':
      return {
        category: 'CONFIGURATION_ERROR',
        message: `the SES SDK refused the request: ${failure.message}`,
      };
  }
}

export function sesProviderError(failure: SesFailure): ProviderError {
  const { category, message } = sesFailureMeaning(failure);
  return new ProviderError(category, message);
}
