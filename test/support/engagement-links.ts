import type { ParsedMail } from 'mailparser';
import type { TestApp } from '../harness/test-app';
import { eventually } from './polling';

/** The base URL the suites give the service as PUBLIC_URL, under which its links are. */
export const PUBLIC_URL = 'https://mail.switchboard.test';

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The path (and query) of one of the service's links, to request it of the app in process. */
export function pathOf(link: string, base = PUBLIC_URL): string {
  const url = new URL(link);
  if (url.origin !== base) throw new Error(`not a link of the service: ${link}`);
  return `${url.pathname}${url.search}`;
}

/** The service's links (under `base`) in a text, in order, by kind. */
export function linksIn(text: string, base = PUBLIC_URL): { opens: string[]; clicks: string[] } {
  const link = new RegExp(`${escaped(base)}/api/v1/[a-z]+(?:/[a-z]+)?/[A-Za-z0-9_.-]+`, 'g');
  const links = text.match(link) ?? [];
  return {
    opens: links.filter((link) => link.includes('/track/open/')),
    clicks: links.filter((link) => link.includes('/track/click/')),
  };
}

/** The HTML part of a parsed mail, as text. */
export const htmlOf = (mail: ParsedMail): string =>
  typeof mail.html === 'string' ? mail.html : '';

/** A header of a parsed mail as written (unfolded), without its name; undefined when absent. */
export function headerValue(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((header) => header.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** The https link of a parsed mail's List-Unsubscribe header. */
export function unsubscribeLinkOf(mail: ParsedMail): string {
  const header = headerValue(mail, 'List-Unsubscribe') ?? '';
  const link = /<(https:[^>]+)>/.exec(header)?.[1];
  if (link === undefined) throw new Error(`no https link in List-Unsubscribe: ${header}`);
  return link;
}

/** What the suites read of an email's record (`GET /messages/{id}`). */
export interface RecordedEmail {
  readonly status: string;
  readonly attempts: {
    provider: string;
    status: string;
    errorMessage?: string;
    providerMessageId?: string;
  }[];
  readonly events: {
    type: string;
    at: string;
    recipient?: string;
    detail?: string;
    client?: string;
    machine?: boolean;
  }[];
  readonly providerMessageIds: string[];
  readonly sentAt?: string;
  readonly engagement: {
    opens: number;
    clicks: number;
    machineOpens: number;
    machineClicks: number;
    unsubscribes: number;
    firstOpenedAt?: string;
    firstClickedAt?: string;
  };
}

/** Sends an email with an app's key; the answer, checked to be 202. */
export const sendEmail = (t: TestApp, key: string, body: Record<string, unknown>) =>
  t.http.post('/api/v1/messages/email').set('x-api-key', key).send(body).expect(202);

/** The record of an email once its send is settled (no longer queued, sending or retrying). */
export const settledEmail = async (t: TestApp, key: string, id: string): Promise<RecordedEmail> =>
  (
    await eventually(
      () => t.http.get(`/api/v1/messages/${id}`).set('x-api-key', key),
      (res) => res.status === 200 && !['QUEUED', 'SENDING', 'RETRYING'].includes(res.body.status),
      `message ${id} to settle`,
    )
  ).body;
