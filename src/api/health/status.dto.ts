import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { NODE_ENVIRONMENTS } from '../../common/config/environment';

/** `/status` as the document describes it: settings by area, never a secret. */
export class ChannelStatusDto {
  @ApiProperty({ description: 'At least one provider serves the channel' }) configured!: boolean;
  @ApiProperty({
    type: [String],
    example: ['twilio-sms', 'sandbox-sms'],
    description: "The channel's provider ids, in fail-over order",
  })
  providers!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
    example: { 'twilio-sms': { from: '+15551234567' } },
    description:
      'By provider id, where a message that names no sender goes out from (`from`, `messagingServiceSid`): addresses and numbers, never a credential. Providers without a default sender are left out.',
  })
  senders!: Record<string, Record<string, string>>;
}

export class StatusReportDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(ChannelStatusDto) },
    description: 'Every channel by name',
  })
  channels!: Record<string, ChannelStatusDto>;

  @ApiProperty({ enum: NODE_ENVIRONMENTS }) environment!: string;
  @ApiProperty({ enum: ['mongodb', 'memory'] }) store!: string;
  @ApiProperty({ enum: ['redis', 'in-process'] }) queue!: string;
  @ApiProperty({ enum: ['redis', 'memory'] }) rateLimitStore!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Token checks: mode, whether issuer and audience are checked, the roles claim',
  })
  jwt!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  rateLimit!: Record<string, number>;

  @ApiProperty() retentionDays!: number;
  @ApiProperty({ description: 'PUBLIC_URL is set' }) publicUrl!: boolean;
  @ApiProperty({ description: 'ENCRYPTION_KEY is set' }) encryptionKey!: boolean;
  @ApiProperty() outboundAllowPrivate!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The providers PROVIDERS lists (id, type, channel), and which provider variables are set, as booleans',
  })
  providers!: Record<string, unknown>;
}

/** A whole `/status` answer, as the document shows it. */
export const STATUS_REPORT_EXAMPLE = {
  channels: {
    email: {
      configured: true,
      providers: ['smtp'],
      senders: { smtp: { from: 'noreply@example.com' } },
    },
    sms: {
      configured: true,
      providers: ['twilio-sms'],
      senders: { 'twilio-sms': { from: '+15551234567' } },
    },
    voice: {
      configured: true,
      providers: ['twilio-voice'],
      senders: { 'twilio-voice': { from: '+15551234567' } },
    },
    webhook: { configured: true, providers: ['webhook'], senders: {} },
    push: { configured: false, providers: [], senders: {} },
  },
  environment: 'production',
  store: 'mongodb',
  queue: 'redis',
  rateLimitStore: 'redis',
  jwt: { mode: 'HS256', issuerChecked: true, audienceChecked: true, rolesClaim: 'roles' },
  rateLimit: { perMinute: 100, perIpPerMinute: 60 },
  retentionDays: 90,
  publicUrl: true,
  encryptionKey: true,
  outboundAllowPrivate: false,
  providers: {
    configured: [],
    providersFile: false,
    twilio: { accountSid: true, authToken: true, from: true, apiBaseUrl: false },
    smtpUrl: true,
    emailFrom: true,
  },
};
