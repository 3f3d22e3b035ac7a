import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { Message } from '../message-log/message.model';

/** In-process notices of stored changes, so a waiting request learns of them without polling. */
@Injectable()
export class MessageUpdates {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  published(message: Message): void {
    this.emitter.emit(message.id, message);
  }

  /** Resolves on the next change of the message, or with undefined after `ms`. */
  next(id: string, ms: number): Promise<Message | undefined> {
    return new Promise((resolve) => {
      const onChange = (message: Message): void => {
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.emitter.off(id, onChange);
        resolve(undefined);
      }, ms);
      this.emitter.once(id, onChange);
    });
  }
}
