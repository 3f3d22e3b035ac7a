import { Injectable } from '@nestjs/common';

/** The time, behind a class so that tests can hold it still. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  nowMs(): number {
    return Date.now();
  }
}
