import { Catch } from '@nestjs/common';
import type { Response } from 'express';
import type { ApiError } from '../../common/errors/api-error';
import { AllExceptionsFilter } from '../../common/errors/all-exceptions.filter';
import { withFieldsRenamed } from '../../common/errors/renamed-fields';
import { respondWithApiError } from '../../common/errors/respond';
import { NDC_FIELDS } from './ndc-mapping';

/**
 * The comms API answers errors in the unified shape already (`{code, message, details?}`, with
 * `retryAfter` on 429): only the fields a problem names are given back as the envelope names
 * them.
 */
@Catch()
export class NdcExceptionsFilter extends AllExceptionsFilter {
  protected override respond(res: Response, error: ApiError): void {
    respondWithApiError(res, withFieldsRenamed(error, NDC_FIELDS));
  }
}
