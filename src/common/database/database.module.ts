import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import mongoose from 'mongoose';
import type { Settings } from '../config/settings';
import { DatabaseProbe } from './database.probe';
import { MemoryProbe, MongoProbe } from './mongo.probe';

/**
 * The MongoDB connection when MONGODB_URI is set; otherwise the stores keep data in memory.
 * Global: the connection is infrastructure under every store's module.
 */
/**
 * Mongoose keeps `new Error().stack` of every query it runs, only to quote it if the same query
 * object is run twice (none of ours is): formatting that stack is a few per cent of the CPU of
 * every store call.
 */
mongoose.set('skipOriginalStackTraces', true);

@Module({})
export class DatabaseModule {
  static forRoot(settings: Settings): DynamicModule {
    const uri = settings.mongodbUri;
    if (!uri) {
      return {
        module: DatabaseModule,
        global: true,
        providers: [{ provide: DatabaseProbe, useClass: MemoryProbe }],
        exports: [DatabaseProbe],
      };
    }
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        MongooseModule.forRoot(uri, {
          // Fail a query within seconds while the database is away, instead of queueing it.
          serverSelectionTimeoutMS: 5_000,
          bufferCommands: false,
          autoIndex: false,
          autoCreate: false,
          retryAttempts: 3,
          retryDelay: 2_000,
        }),
      ],
      providers: [{ provide: DatabaseProbe, useClass: MongoProbe }],
      exports: [DatabaseProbe],
    };
  }
}
