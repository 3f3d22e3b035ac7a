/**
 * The coarse class of whatever fetched a tracking link, from its User-Agent alone: never its
 * address, nor the full User-Agent, is kept.
 */
export const CLIENT_CLASSES = [
  /** Apple Mail Privacy Protection: fetches every image of a mail, opened or not. */
  'privacy-proxy',
  /** Gmail's and Yahoo's image proxies: fetch when the reader opens the mail. */
  'image-proxy',
  /** Security scanners, crawlers and HTTP libraries following every link. */
  'scanner',
  /** A desktop mail client (Outlook, Thunderbird ...). */
  'mail-client',
  'mobile',
  'desktop',
  'unknown',
] as const;
export type ClientClass = (typeof CLIENT_CLASSES)[number];

/** Classes that are machines whatever the time: counted apart from people. */
const MACHINES: readonly ClientClass[] = ['privacy-proxy', 'scanner'];

/**
 * Opens and clicks this soon after the message was sent are taken for machines: link scanners
 * of receiving servers follow every link, and prefetchers load every image, within seconds of
 * delivery; a person reading the mail takes longer.
 */
export const MACHINE_WINDOW_MS = 10_000;

const SCANNER =
  /bot\b|crawler|spider|scanner|preview|headless|python|curl|wget|go-http-client|okhttp|java\/|libwww|httpclient|axios|node-fetch|undici|safelinks|barracuda|proofpoint|mimecast|symantec|trend ?micro|forcepoint|sophos/i;
const IMAGE_PROXY = /GoogleImageProxy|YahooMailProxy|ggpht\.com/i;
const MAIL_CLIENT = /Outlook|Thunderbird|Microsoft Office|Airmail|Postbox|Spark\/|eM Client/i;
const MOBILE = /Mobile|Android|iPhone|iPad|iPod/i;
const DESKTOP = /Windows|Macintosh|Mac OS X|X11|Linux|CrOS/i;

/**
 * Apple's privacy proxy sends nothing but `Mozilla/5.0`: a browser or mail client always says
 * more about itself.
 */
const BARE_MOZILLA = /^Mozilla\/5\.0$/;

export function clientClassOf(userAgent: string | undefined): ClientClass {
  const agent = (userAgent ?? '').trim().slice(0, 512);
  if (agent === '') return 'unknown';
  if (BARE_MOZILLA.test(agent)) return 'privacy-proxy';
  if (IMAGE_PROXY.test(agent)) return 'image-proxy';
  if (SCANNER.test(agent)) return 'scanner';
  if (MAIL_CLIENT.test(agent)) return 'mail-client';
  if (MOBILE.test(agent)) return 'mobile';
  if (DESKTOP.test(agent)) return 'desktop';
  return 'unknown';
}

/**
 * Whether an open or click by a client of `client` at `at` was a machine's: a class that only
 * machines are, or any class within `MACHINE_WINDOW_MS` of `sentAt`.
 */
export function isMachine(client: ClientClass, at: Date, sentAt: Date | undefined): boolean {
  if (MACHINES.includes(client)) return true;
  return sentAt !== undefined && at.getTime() - sentAt.getTime() < MACHINE_WINDOW_MS;
}
