import { HttpStatus } from '@nestjs/common';
import type { ApiError } from '../../common/errors/api-error';
import type { ShapedError } from '../../common/errors/shaped-errors.filter';

/** The messaging API's own codes and statuses for ours that differ. */
const RENAMED: Readonly<Partial<Record<string, { code: string; status: number }>>> = {
  CHANNEL_NOT_CONFIGURED: { code: 'PROVIDER_NOT_CONFIGURED', status: HttpStatus.BAD_REQUEST },
  PROVIDER_ERROR: { code: 'SEND_FAILED', status: HttpStatus.INTERNAL_SERVER_ERROR },
};

/** What went wrong, as an object: the failed message and its provider, or the fields. */
function detailsOf(error: ApiError): Record<string, unknown> {
  const details = error.details ?? [];
  if (error.code === 'VALIDATION_ERROR') return details.length > 0 ? { fields: details } : {};
  const first = details[0] as { messageId?: unknown; provider?: unknown } | undefined;
  const failed = error.code === 'PROVIDER_ERROR' || error.code === 'RECIPIENT_SUPPRESSED';
  if (!failed || first === undefined) return {};
  return { messageId: first.messageId, provider: first.provider };
}

/** Errors as `{error: {code, message, details}}` with the messaging API's codes. */
export function fluxkitError(error: ApiError): ShapedError {
  const renamed = RENAMED[error.code];
  return {
    status: renamed?.status ?? error.status,
    body: {
      error: {
        code: renamed?.code ?? error.code,
        message: error.message,
        details: detailsOf(error),
      },
    },
  };
}
