import { SetMetadata } from '@nestjs/common';
import { json, type RequestHandler } from 'express';
import type { JsonBounds } from '../config/limits';
import type { Settings } from '../config/settings';
import { checkJsonBounds } from './json-bounds';

/** How a route reads its body, made once from the settings. */
export type BodyReader = (settings: Settings) => RequestHandler;

export const BODY_READERS = 'switchboard:body-readers';

/**
 * JSON bodies up to `limit` (any content type that claims JSON, `application/*+json` too),
 * checked against the bounds before they are parsed.
 */
export const boundedJson = (limit: string, bounds: JsonBounds): RequestHandler =>
  json({
    limit,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, body) => {
      checkJsonBounds(body, bounds);
    },
  });

/** Every route's body unless it says otherwise: JSON up to `BODY_LIMIT`. */
export const jsonBodies: BodyReader = (settings) =>
  boundedJson(settings.http.bodyLimit, settings.limits.json);

/** The bodies of routes that carry attachments: JSON up to `ATTACHMENT_BODY_LIMIT`. */
export const attachmentBodies: BodyReader = (settings) =>
  boundedJson(settings.limits.attachmentBodyLimit, settings.limits.json);

/**
 * The readers of a route's body instead of the default one, tried in order (each leaves a body
 * of another content type to the next). The body is read once the caller has passed the rate
 * limits and the access checks (`BodyReadingGuard`).
 */
export const ReadBody = (...readers: BodyReader[]): MethodDecorator & ClassDecorator =>
  SetMetadata(BODY_READERS, readers);
