import type { Provider } from '@nestjs/common';
import { type ModelDefinition, MongooseModule, type MongooseModuleOptions } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import { mongoUri, uniqueDatabase } from '../harness/test-app';

/**
 * A store wired as its feature module wires it (connection options of DatabaseModule, the
 * given models), on a database of its own unless `database` names one, initialised so that its
 * indexes exist.
 */
export async function openMongoModule(
  models: ModelDefinition[],
  providers: Provider[],
  database = uniqueDatabase(),
  /** Driver options besides those (`monitorCommands`, to watch what the database answers). */
  driver: Pick<MongooseModuleOptions, 'monitorCommands'> = {},
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      MongooseModule.forRoot(mongoUri(database), {
        autoIndex: false,
        autoCreate: false,
        bufferCommands: false,
        ...driver,
      }),
      MongooseModule.forFeature(models),
    ],
    providers,
  }).compile();
  await moduleRef.init();
  return moduleRef;
}
