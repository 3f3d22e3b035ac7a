import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, ValidateBy } from 'class-validator';
import { SchemaRules } from '../../common/http/openapi-registry';
import { VISIBLE_CHARACTER } from '../../common/validation/text';

/** Amazon SES's rule for the characters of tag names and values. */
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/u;
export const MAX_RAW_FILENAME_LENGTH = 1024;
/** type/subtype with RFC 6838 name characters, then optional `; name=value` parameters. */
export const MEDIA_TYPE =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=("[^"\\\r\n]*"|[A-Za-z0-9!#$&^_.+-]+))*$/u;

export const invalidTag = { context: { code: 'invalid_tag' } };
export const invalidAttachment = { context: { code: 'invalid_attachment' } };

/** Tag names are unique within a message (`invalid_tag`), as SES requires. */
export const UniqueTagNames = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'uniqueTagNames',
      validator: {
        validate: (value: unknown) => {
          if (!Array.isArray(value)) return true;
          const names = value.map((tag: unknown) =>
            typeof tag === 'object' && tag !== null ? (tag as { name?: unknown }).name : undefined,
          );
          return new Set(names).size === names.length;
        },
        defaultMessage: () => 'tags must have distinct names',
      },
    },
    invalidTag,
  );

/** A raw filename with something in it; cleaned for use afterwards (`invalid_attachment`). */
const IsRawFilename = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isRawFilename',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && /\S/u.test(value) && value.length <= MAX_RAW_FILENAME_LENGTH,
        defaultMessage: (args) =>
          `${args?.property ?? 'filename'} must be a file name of 1 to ${MAX_RAW_FILENAME_LENGTH} characters`,
      },
    },
    invalidAttachment,
  );

@SchemaRules({ additionalProperties: false })
export class EmailTagDto {
  @ApiProperty({ example: 'category', pattern: TAG_PART.source })
  @Matches(TAG_PART, {
    message: 'tag names are 1 to 256 letters, digits, _ or -',
    ...invalidTag,
  })
  name!: string;

  @ApiProperty({ example: 'receipt', pattern: TAG_PART.source })
  @Matches(TAG_PART, {
    message: 'tag values are 1 to 256 letters, digits, _ or -',
    ...invalidTag,
  })
  value!: string;
}

@SchemaRules({ additionalProperties: false })
export class EmailAttachmentDto {
  @ApiProperty({
    example: 'receipt-2891.pdf',
    pattern: VISIBLE_CHARACTER,
    maxLength: MAX_RAW_FILENAME_LENGTH,
    description:
      'Stored and sent cleaned: the last path segment only, without control or invisible characters, leading dots or trailing dots and spaces, at most 255 UTF-8 bytes with the extension kept.',
  })
  @IsRawFilename()
  filename!: string;

  @ApiProperty({
    example: 'T3JkZXIgMjg5MTogMiB4IFdpZGdldCBQcm8sICQ1OS45OAo=',
    pattern: '^[A-Za-z0-9+/=\\r\\n]+$',
    description:
      'The bytes, standard base64 with padding (line breaks allowed). Sent, then dropped: the record keeps name, type, size and SHA-256 only.',
  })
  @IsString({ message: 'content must be base64 text', ...invalidAttachment })
  content!: string;

  @ApiProperty({
    example: 'text/plain',
    pattern: MEDIA_TYPE.source,
    description: 'The media type, parameters allowed (`invalid_attachment`)',
  })
  @Matches(MEDIA_TYPE, {
    message: 'contentType must be a media type such as application/pdf',
    ...invalidAttachment,
  })
  contentType!: string;
}
