import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DatabaseProbe } from './database.probe';

@Injectable()
export class MongoProbe extends DatabaseProbe {
  readonly kind = 'mongodb';

  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
  }

  async ping(): Promise<void> {
    const db = this.connection.db;
    if (!db) throw new Error('not connected');
    await db.command({ ping: 1 });
  }
}

export class MemoryProbe extends DatabaseProbe {
  readonly kind = 'memory';

  ping(): Promise<void> {
    return Promise.resolve();
  }
}
