import {
  BadRequestException,
  BadGatewayException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiError } from './api-error';
import { fromBodyParserError, fromHttpException } from './http-exception-mapping';

describe('fromHttpException', () => {
  it('maps NotFoundException to NOT_FOUND 404, keeping its message', () => {
    const error = fromHttpException(new NotFoundException('Cannot GET /nowhere'));

    expect(error).toBeInstanceOf(ApiError);
    expect(error!.status).toBe(404);
    expect(error!.code).toBe('NOT_FOUND');
    expect(error!.message).toBe('Cannot GET /nowhere');
    expect(error!.toBody()).toEqual({ code: 'NOT_FOUND', message: 'Cannot GET /nowhere' });
  });

  it('maps PayloadTooLargeException to PAYLOAD_TOO_LARGE 413', () => {
    const error = fromHttpException(new PayloadTooLargeException());

    expect(error!.status).toBe(HttpStatus.PAYLOAD_TOO_LARGE);
    expect(error!.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    [new BadRequestException(), 400, 'VALIDATION_ERROR'],
    [new UnauthorizedException(), 401, 'UNAUTHORIZED'],
    [new ForbiddenException(), 403, 'FORBIDDEN'],
    [new MethodNotAllowedException(), 405, 'METHOD_NOT_ALLOWED'],
    [new ConflictException(), 409, 'CONFLICT'],
    [new UnsupportedMediaTypeException(), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [new HttpException('slow down', HttpStatus.TOO_MANY_REQUESTS), 429, 'RATE_LIMITED'],
    [new ServiceUnavailableException(), 503, 'SERVICE_UNAVAILABLE'],
  ])('maps %p to %i %s', (exception, status, code) => {
    const error = fromHttpException(exception);
    expect(error).toMatchObject({ status, code });
  });

  it('leaves InternalServerErrorException to the caller', () => {
    expect(fromHttpException(new InternalServerErrorException('db exploded'))).toBeUndefined();
  });

  it('leaves other server-side statuses to the caller', () => {
    expect(fromHttpException(new BadGatewayException())).toBeUndefined();
  });

  it('leaves statuses it has no code for to the caller', () => {
    expect(fromHttpException(new HttpException("I'm a teapot", 418))).toBeUndefined();
  });
});

describe('fromBodyParserError', () => {
  it('maps entity.parse.failed to PARSE_ERROR 400', () => {
    const error = fromBodyParserError({ type: 'entity.parse.failed', status: 400 });

    expect(error).toBeInstanceOf(ApiError);
    expect(error!.status).toBe(400);
    expect(error!.code).toBe('PARSE_ERROR');
    expect(error!.message).toBe('The request body is not valid JSON.');
  });

  it('maps entity.too.large to PAYLOAD_TOO_LARGE 413', () => {
    const error = fromBodyParserError({ type: 'entity.too.large', status: 413 });

    expect(error!.status).toBe(413);
    expect(error!.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reads the fields of a real Error carrying them, as body-parser raises', () => {
    const raised = Object.assign(new SyntaxError('Unexpected token } in JSON'), {
      type: 'entity.parse.failed',
      status: 400,
      body: '{"a":}',
    });

    expect(fromBodyParserError(raised)).toMatchObject({ status: 400, code: 'PARSE_ERROR' });
  });

  it.each(['encoding.unsupported', 'charset.unsupported'])(
    'maps %s to UNSUPPORTED_MEDIA_TYPE 415',
    (type) => {
      expect(fromBodyParserError({ type, status: 415 })).toMatchObject({
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    },
  );

  it('maps any other client-side body error to PARSE_ERROR 400', () => {
    expect(fromBodyParserError({ type: 'request.aborted', status: 400 })).toMatchObject({
      status: 400,
      code: 'PARSE_ERROR',
      message: 'The request body could not be read.',
    });
  });

  it('leaves a server-side body error of an unknown type to the caller', () => {
    expect(fromBodyParserError({ type: 'stream.encoding.set', status: 500 })).toBeUndefined();
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'entity.parse.failed'],
    ['a number', 400],
    ['an empty object', {}],
    ['a plain Error', new Error('boom')],
    ['an object without status', { type: 'entity.parse.failed' }],
    ['an object without type', { status: 400 }],
    ['a numeric type', { type: 400, status: 400 }],
    ['a string status', { type: 'entity.parse.failed', status: '400' }],
  ])('does not recognise %s', (_label, value) => {
    expect(fromBodyParserError(value)).toBeUndefined();
  });
});
