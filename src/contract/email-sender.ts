import { Transform } from 'class-transformer';
import { IsEmail, IsOptional } from 'class-validator';
import { blankToUndefined } from '../common/config/environment';

/**
 * EMAIL_FROM: the sender of the messages that name none, for every email vendor that sends with
 * a default sender. Unset, every message names its own (apps often send from their own domains).
 */
export class EmailSenderVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsEmail({}, { message: 'must be an email address' })
  EMAIL_FROM?: string;
}
