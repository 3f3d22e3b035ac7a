import { text } from 'express';
import type { BodyReader } from '../../../common/http/body-reading';

/**
 * Amazon SNS posts its JSON with `Content-Type: text/plain`, which the API's JSON parser leaves
 * alone: read as text on the SES route and parsed there. SNS messages are at most 256 KB; their
 * JSON envelope may escape that to about twice the size.
 */
export const snsBodies: BodyReader = () => text({ type: 'text/plain', limit: '1mb' });
