import { clientClassOf, isMachine, MACHINE_WINDOW_MS } from './client-class';

describe('clientClassOf', () => {
  it.each([
    ['Mozilla/5.0', 'privacy-proxy'],
    [
      'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
      'image-proxy',
    ],
    ['YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', 'image-proxy'],
    ['python-requests/2.31.0', 'scanner'],
    ['curl/8.5.0', 'scanner'],
    ['Mozilla/5.0 (compatible; Barracuda Sentinel)', 'scanner'],
    ['Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)', 'mail-client'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
      'mobile',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
      'desktop',
    ],
    ['SomethingElse/1.0', 'unknown'],
    [undefined, 'unknown'],
    ['', 'unknown'],
  ])('%s is %s', (userAgent, expected) => {
    expect(clientClassOf(userAgent)).toBe(expected);
  });
});

describe('isMachine', () => {
  const sentAt = new Date('2026-03-14T09:00:00Z');
  const after = (ms: number): Date => new Date(sentAt.getTime() + ms);

  it('takes privacy proxies and scanners for machines at any time', () => {
    expect(isMachine('privacy-proxy', after(60 * 60_000), sentAt)).toBe(true);
    expect(isMachine('scanner', after(60 * 60_000), sentAt)).toBe(true);
  });

  it('takes anything within seconds of the send for a machine, and people after', () => {
    expect(isMachine('desktop', after(MACHINE_WINDOW_MS - 1), sentAt)).toBe(true);
    expect(isMachine('desktop', after(MACHINE_WINDOW_MS), sentAt)).toBe(false);
    expect(isMachine('image-proxy', after(MACHINE_WINDOW_MS), sentAt)).toBe(false);
    expect(isMachine('mobile', after(5), undefined)).toBe(false);
  });
});
