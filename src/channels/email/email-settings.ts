import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { toBoolean, toInteger } from '../../common/config/environment';
import { settingsContribution } from '../../contract/settings-contribution';

/** 10 MB: what most mail systems take in one message, and under the default body limit in base64. */
const ATTACHMENTS_MAX_BYTES = 10 * 1024 * 1024;
/**
 * Deeper than mail layouts go (tables in tables rarely pass 30), far shallower than where the
 * text conversion's recursion runs out of stack (some thousands) or gets slow.
 */
const HTML_MAX_DEPTH = 100;

export class EmailChannelVariables {
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
  @Transform(toInteger)
  @Max(1_000)
  @Min(10)
  @IsInt()
  EMAIL_HTML_MAX_DEPTH?: number;
}

/** What the email channel takes: attachments, and HTML it turns into text. */
export interface EmailChannelSettings {
  /** Largest attachment, in bytes after base64 decoding. */
  readonly attachmentMaxBytes: number;
  /** Largest sum of one message's attachments, in bytes after decoding. */
  readonly attachmentsMaxBytes: number;
  /** Whether executable attachments (.exe, .js, application/x-msdownload ...) are taken. */
  readonly allowExecutableAttachments: boolean;
  /** How deep the elements of an HTML body may nest when it is turned into the text part. */
  readonly htmlMaxDepth: number;
}

export const emailChannelSettings = settingsContribution(
  EmailChannelVariables,
  (vars): { settings: EmailChannelSettings } => ({
    settings: {
      attachmentMaxBytes: vars.EMAIL_ATTACHMENT_MAX_BYTES ?? ATTACHMENTS_MAX_BYTES,
      attachmentsMaxBytes: vars.EMAIL_ATTACHMENTS_MAX_BYTES ?? ATTACHMENTS_MAX_BYTES,
      allowExecutableAttachments: vars.EMAIL_ALLOW_EXECUTABLE_ATTACHMENTS ?? false,
      htmlMaxDepth: vars.EMAIL_HTML_MAX_DEPTH ?? HTML_MAX_DEPTH,
    },
  }),
);
