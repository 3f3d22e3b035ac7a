export const CHANNELS = ['email', 'sms', 'whatsapp', 'voice', 'webhook', 'inapp', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];
