import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { AdminPageQuery, CountedList } from '../common/http/page.query';
import {
  type RenderedTemplate,
  TEMPLATE_KINDS,
  type TemplateKind,
  type TemplateRecord,
  type VersionedTemplate,
  type VersionEntry,
} from './template.model';
import { isTemplateId } from './template.renderer';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const MAX_SUBJECT_SOURCE = 2_000;
const MAX_BODY_SOURCE = 512 * 1024;

/** Names are what partials are included by (`{{> name}}`) and what sends may refer to. */
const IsTemplateName = (): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isTemplateName',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && NAME_PATTERN.test(value) && !isTemplateId(value),
        defaultMessage: () =>
          'name must be 1 to 100 letters, digits, "_" or "-", starting with a letter or digit, and not look like a template id',
      },
    },
    { context: { code: 'invalid_name' } },
  );

const DATA_DESCRIPTION = 'Values for the template variables';
const SUBJECT_DESCRIPTION =
  'Handlebars, not HTML-escaped; required for templates, none for partials';
const HTML_DESCRIPTION = 'Handlebars, HTML-escaped ({{{triple}}} does not escape)';
const TEXT_DESCRIPTION = 'Handlebars, not HTML-escaped';

/** Whole-body examples, as Swagger UI offers them. */
export const CREATE_TEMPLATE_EXAMPLES = {
  template: {
    summary: 'An email template (the one the email examples send)',
    value: {
      name: 'order_shipped',
      subject: 'Your order {{orderId}} has shipped',
      html: '<p>Hello {{name}}, order {{orderId}} is on its way with {{carrier}}.</p>',
      text: 'Hello {{name}}, order {{orderId}} is on its way with {{carrier}}.',
      description: 'Sent when an order leaves the warehouse',
    },
  },
  partial: {
    summary: 'A partial, included by templates as {{> footer}}',
    value: { name: 'footer', kind: 'partial', html: '<p>Acme Inc.</p>', text: 'Acme Inc.' },
  },
};

export const UPDATE_TEMPLATE_EXAMPLES = {
  content: {
    summary: 'New content, saved as the next version',
    value: {
      subject: 'Order {{orderId}} is on its way',
      html: '<p>Hi {{name}}, order {{orderId}} ships with {{carrier}}.</p>',
      text: 'Hi {{name}}, order {{orderId}} ships with {{carrier}}.',
    },
  },
};

export const PREVIEW_TEMPLATE_EXAMPLES = {
  latest: {
    summary: 'The latest version, rendered',
    value: { data: { name: 'Alex', orderId: 'ORD-12345', carrier: 'UPS' } },
  },
};

/** The versioned parts of a template; which are required depends on its kind. */
class TemplateSourcesDto {
  @ApiPropertyOptional({ description: SUBJECT_DESCRIPTION, example: 'Your order #{{orderId}}' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUBJECT_SOURCE)
  subject?: string;

  @ApiPropertyOptional({
    description: HTML_DESCRIPTION,
    example: '{{#> layout}}<p>Hello {{name}}, order #{{orderId}} has shipped.</p>{{/layout}}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_BODY_SOURCE)
  html?: string;

  @ApiPropertyOptional({
    description: TEXT_DESCRIPTION,
    example: 'Hello {{name}}, order #{{orderId}} has shipped.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_BODY_SOURCE)
  text?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class CreateTemplateDto extends TemplateSourcesDto {
  @ApiProperty({ example: 'order_shipped', pattern: NAME_PATTERN.source })
  @IsTemplateName()
  name!: string;

  @ApiPropertyOptional({ enum: TEMPLATE_KINDS, default: 'template' })
  @IsOptional()
  @IsIn(TEMPLATE_KINDS)
  kind?: TemplateKind;

  @ApiPropertyOptional({ description: 'Admin tokens: the app the template belongs to (required)' })
  @IsOptional()
  @IsString()
  appId?: string;
}

/** A new version: the content is replaced; name and description change only when given. */
export class UpdateTemplateDto extends TemplateSourcesDto {
  @ApiPropertyOptional({ example: 'order_shipped', pattern: NAME_PATTERN.source })
  @IsOptional()
  @IsTemplateName()
  name?: string;
}

export class PreviewTemplateDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: DATA_DESCRIPTION,
    example: { name: 'Alex', orderId: '2891' },
  })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Default: the latest version' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListTemplatesQuery extends AdminPageQuery {
  @ApiPropertyOptional({ enum: TEMPLATE_KINDS })
  @IsOptional()
  @IsIn(TEMPLATE_KINDS)
  kind?: TemplateKind;

  @ApiPropertyOptional({ description: 'Only the template with this name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class TemplateVersionPath {
  @ApiProperty() @IsString() templateId!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

const summaryOf = (template: TemplateRecord) => ({
  id: template.id,
  appId: template.appId,
  name: template.name,
  kind: template.kind,
  description: template.description ?? null,
  latestVersion: template.latestVersion,
  createdAt: template.createdAt.toISOString(),
  updatedAt: template.updatedAt.toISOString(),
});

export class TemplateSummaryDto {
  @ApiProperty({ example: 'tpl_6553f1a0c9e77a12b3c4d5e6' }) id!: string;
  @ApiProperty({ example: 'app_6553f1a0c9e77a12b3c4d5e6' }) appId!: string;
  @ApiProperty({ example: 'order_shipped' }) name!: string;
  @ApiProperty({ enum: TEMPLATE_KINDS }) kind!: TemplateKind;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ example: 3 }) latestVersion!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the latest version was saved' })
  updatedAt!: string;

  static of(template: TemplateRecord): TemplateSummaryDto {
    return summaryOf(template);
  }
}

/** A template with the content of one version. */
export class TemplateDto extends TemplateSummaryDto {
  @ApiProperty({ example: 3, description: 'The version shown' }) version!: number;
  @ApiProperty({ format: 'date-time' }) versionCreatedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: SUBJECT_DESCRIPTION })
  subject!: string | null;
  @ApiProperty({ type: String, nullable: true, description: HTML_DESCRIPTION })
  html!: string | null;
  @ApiProperty({ type: String, nullable: true, description: TEXT_DESCRIPTION })
  text!: string | null;

  static ofVersion({ template, version }: VersionedTemplate): TemplateDto {
    return {
      ...summaryOf(template),
      version: version.version,
      versionCreatedAt: version.createdAt.toISOString(),
      subject: version.content.subject ?? null,
      html: version.content.html ?? null,
      text: version.content.text ?? null,
    };
  }
}

export class TemplateListDto extends CountedList {
  @ApiProperty({ type: [TemplateSummaryDto] }) data!: TemplateSummaryDto[];
  @ApiPropertyOptional({
    description: 'Pass as `cursor` for the next page; absent on the last page',
  })
  nextCursor?: string;
}

export class TemplateVersionEntryDto {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TemplateVersionListDto {
  @ApiProperty({ type: [TemplateVersionEntryDto] }) data!: TemplateVersionEntryDto[];

  static of(versions: readonly VersionEntry[]): TemplateVersionListDto {
    return {
      data: versions.map(({ version, createdAt }) => ({
        version,
        createdAt: createdAt.toISOString(),
      })),
    };
  }
}

export class TemplateUsedDto {
  @ApiProperty({ example: 'tpl_6553f1a0c9e77a12b3c4d5e6' }) id!: string;
  @ApiProperty({ example: 3 }) version!: number;
}

export class RenderedTemplateDto {
  @ApiProperty({ type: String, nullable: true, description: 'null for partials' })
  subject!: string | null;
  @ApiProperty({ type: String, nullable: true }) html!: string | null;
  @ApiProperty({ type: String, nullable: true }) text!: string | null;
  @ApiProperty({ type: TemplateUsedDto }) template!: TemplateUsedDto;

  static of(rendered: RenderedTemplate): RenderedTemplateDto {
    return {
      subject: rendered.subject ?? null,
      html: rendered.html ?? null,
      text: rendered.text ?? null,
      template: { ...rendered.template },
    };
  }
}
