import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { oncePerSettings } from '../common/modules/once-per-settings';
import { AppsModule } from '../identity/apps.module';
import { TEMPLATE_LIMITS, TemplateEngine } from './handlebars.engine';
import { MemoryTemplateStore } from './memory-template.store';
import { MongoTemplateStore } from './mongo-template.store';
import { TemplateRenderer } from './template.renderer';
import {
  TEMPLATE_MODEL,
  TEMPLATE_VERSION_MODEL,
  TemplateSchema,
  TemplateVersionSchema,
} from './template.schema';
import { TemplateStore } from './template.store';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Stored Handlebars templates per app; exports the renderer that channel modules send with. */
@Module({})
export class TemplatesModule {
  static readonly forRoot = oncePerSettings((settings): DynamicModule => {
    const mongo = settings.mongodbUri !== undefined;
    return {
      module: TemplatesModule,
      imports: [
        ...(mongo
          ? [
              MongooseModule.forFeature([
                { name: TEMPLATE_MODEL, schema: TemplateSchema },
                { name: TEMPLATE_VERSION_MODEL, schema: TemplateVersionSchema },
              ]),
            ]
          : []),
        AppsModule.forRoot(settings),
      ],
      controllers: [TemplatesController],
      providers: [
        { provide: TemplateStore, useClass: mongo ? MongoTemplateStore : MemoryTemplateStore },
        { provide: TEMPLATE_LIMITS, useValue: settings.limits.templates },
        TemplateEngine,
        TemplateRenderer,
        TemplatesService,
      ],
      exports: [TemplateRenderer],
    };
  });
}
