import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalised)) return true;
  if (['false', '0', 'no', ''].includes(normalised)) return false;
  return value;
};

const toInteger = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : value;
};

const blankToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const urlOptions = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * class-validator checks a property's decorators bottom-up and stops at the first failure, so
 * type checks (`@IsInt`) sit last, directly above the property, and are reported first.
 *
 * Every variable the service reads, as it arrives in the environment. Validated once at
 * start-up; `Settings` is built from the validated values and is what the code uses.
 */
export class EnvironmentVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV?: (typeof NODE_ENVIRONMENTS)[number];

  @IsOptional()
  @Transform(toInteger)
  @Max(65535)
  @Min(0)
  @IsInt()
  PORT?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @IsNotEmpty()
  HOST?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(urlOptions, { message: 'must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (256 bits) long' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/-----BEGIN (RSA )?PUBLIC KEY-----/, { message: 'must be a PEM-encoded RSA public key' })
  JWT_PUBLIC_KEY?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  JWT_ISSUER?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  JWT_AUDIENCE?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @IsNotEmpty()
  JWT_ROLES_CLAIM?: string;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000_000_000)
  @Min(1)
  @IsInt()
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000_000_000)
  @Min(1)
  @IsInt()
  RATE_LIMIT_IP_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY?: boolean;

  @IsOptional()
  @Transform(toInteger)
  @Max(3650)
  @Min(1)
  @IsInt()
  RETENTION_DAYS?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'must be 32 bytes, as 64 hex characters or 44 base64 characters',
  })
  ENCRYPTION_KEY?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  OUTBOUND_ALLOW_PRIVATE?: boolean;

  @IsOptional()
  @Transform(toInteger)
  @Max(100 * 1024 * 1024)
  @Min(1)
  @IsInt()
  EMAIL_ATTACHMENT_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(100 * 1024 * 1024)
  @Min(1)
  @IsInt()
  EMAIL_ATTACHMENTS_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS?: boolean;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(
    /^arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(,arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256})*$/,
    {
      message: 'must be a comma-separated list of SNS topic ARNs',
    },
  )
  SES_SNS_TOPIC_ARNS?: string;

  @IsOptional()
  @Transform(toInteger)
  @Max(1000)
  @Min(1)
  @IsInt()
  DISPATCH_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInteger)
  @Max(3600)
  @Min(1)
  @IsInt()
  DISPATCH_CLAIM_SECONDS?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\d+(\.\d+)?\s*(b|kb|mb)$/i, { message: 'must be a size such as 15mb, 512kb or 1000b' })
  BODY_LIMIT?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  PROVIDERS?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  PROVIDERS_FILE?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^AC[0-9a-fA-F]{32}$/, {
    message: 'must be a Twilio account SID (AC followed by 32 hex characters)',
  })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(256)
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^(\+[1-9]\d{1,14}|MG[0-9a-fA-F]{32}|(?=[A-Za-z0-9 ]*[A-Za-z])[A-Za-z0-9 ]{1,11})$/, {
    message:
      'must be an E.164 number, an alphanumeric sender id (up to 11 characters) or a Messaging Service SID (MG…)',
  })
  TWILIO_FROM?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsEmail({}, { message: 'must be an email address' })
  EMAIL_FROM?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, {
    message: 'must be an AWS region such as eu-west-1',
  })
  SES_REGION?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(urlOptions, { message: 'must be an http(s) URL' })
  TWILIO_API_BASE_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(urlOptions, { message: 'must be an http(s) URL' })
  SES_ENDPOINT?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(urlOptions, { message: 'must be an http(s) URL' })
  FCM_API_BASE_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[A-Za-z0-9_-]{87}$/, {
    message: 'must be a VAPID public key: 65 bytes in base64url (87 characters)',
  })
  VAPID_PUBLIC_KEY?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'must be a VAPID private key: 32 bytes in base64url (43 characters)',
  })
  VAPID_PRIVATE_KEY?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^(mailto:\S+|https:\/\/\S+)$/, { message: 'must be a mailto: or https: URL' })
  VAPID_SUBJECT?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  FCM_SERVICE_ACCOUNT?: string;
}
