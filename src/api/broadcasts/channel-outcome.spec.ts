import { HttpStatus } from '@nestjs/common';
import { ApiError, ValidationFailed } from '../../common/errors/api-error';
import type { Message } from '../../message-log/message.model';
import { accepted, refused } from './channel-outcome';

const message = { id: 'msg_1', status: 'QUEUED' } as Message;

describe('channel outcomes', () => {
  it('reports an accepted message with its id and status', () => {
    const answer = { message, status: 202, body: '{}', replayed: false };
    expect(accepted('sms', answer)).toEqual({
      channel: 'sms',
      success: true,
      messageId: 'msg_1',
      status: 'QUEUED',
    });
  });

  it('reports a replayed failure of a wait as the first request was answered', () => {
    const first = { code: 'PROVIDER_ERROR', message: 'The message msg_1 failed: refused' };
    const replay = { message, status: 502, body: JSON.stringify(first), replayed: true };
    expect(accepted('sms', replay)).toEqual({
      channel: 'sms',
      success: false,
      messageId: 'msg_1',
      status: 'QUEUED',
      error: first,
    });
  });

  it("reports a refusal in the API's error shape", () => {
    const problem = { field: 'phone', code: 'invalid_phone', message: 'not a number' };
    expect(refused('sms', new ValidationFailed([problem]))).toEqual({
      channel: 'sms',
      success: false,
      error: { code: 'VALIDATION_ERROR', message: 'The request is not valid.', details: [problem] },
    });
  });

  it('keeps the message a failed wait names, so its status can be read later', () => {
    const failed = new ApiError(HttpStatus.BAD_GATEWAY, 'PROVIDER_ERROR', 'failed', [
      { messageId: 'msg_2', status: 'FAILED', errorCategory: 'AUTH_ERROR' },
    ]);
    expect(refused('voice', failed)).toMatchObject({
      channel: 'voice',
      success: false,
      messageId: 'msg_2',
      status: 'FAILED',
      error: { code: 'PROVIDER_ERROR' },
    });
  });

  it('reports an unexpected failure without its internals', () => {
    const outcome = refused('email', new Error('socket hang up at 10.0.0.3'));
    expect(outcome).toEqual({
      channel: 'email',
      success: false,
      error: { code: 'INTERNAL_ERROR', message: expect.any(String) },
    });
    expect(JSON.stringify(outcome)).not.toContain('10.0.0.3');
  });
});
