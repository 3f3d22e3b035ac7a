import {
  MAX_LINKS_PER_PART,
  rewriteHtmlLinks,
  rewriteTextLinks,
  withPixel,
} from './link-rewriting';

const tracked = (url: string): string => `https://t.example/c/${encodeURIComponent(url)}`;

describe('rewriteHtmlLinks', () => {
  it('leads every web link through the rewrite, read as a browser reads it', () => {
    const html =
      '<p>Hi <A HREF="https://shop.example/x?a=1&amp;b=2" class=\'big\'>shop</A> and ' +
      '<a href=http://old.example/y>old</a>.</p>';
    expect(rewriteHtmlLinks(html, tracked)).toBe(
      `<p>Hi <a href="${tracked('https://shop.example/x?a=1&b=2')}" class="big">shop</A> and ` +
        `<a href="${tracked('http://old.example/y')}">old</a>.</p>`,
    );
  });

  it('leaves mail, phone, anchor and relative links, comments and everything else as written', () => {
    const html =
      '<!-- <a href="https://hidden.example"> --><a href="mailto:help@example.com">mail</a>' +
      '<a href="tel:+15555550100">call</a><a href="#top">top</a><a href="/local">here</a>' +
      '<img src="https://img.example/logo.png"><a name="anchor">x</a>';
    expect(rewriteHtmlLinks(html, tracked)).toBe(html);
  });

  it('escapes what it writes back into attributes', () => {
    const html = '<a title=\'say "hi" & go\' href="https://x.example/?q=&quot;&lt;">x</a>';
    const out = rewriteHtmlLinks(html, (url) => `${url}&z="1"`);
    expect(out).toBe(
      '<a title="say &quot;hi&quot; &amp; go" href="https://x.example/?q=&quot;<&amp;z=&quot;1&quot;">x</a>',
    );
  });

  it(`rewrites at most ${MAX_LINKS_PER_PART} links of one part`, () => {
    const html = Array.from(
      { length: MAX_LINKS_PER_PART + 2 },
      (_, i) => `<a href="https://x.example/${i}">${i}</a>`,
    ).join('');
    const out = rewriteHtmlLinks(html, tracked);
    expect(out.match(/t\.example/g)).toHaveLength(MAX_LINKS_PER_PART);
    expect(out).toContain(`<a href="https://x.example/${MAX_LINKS_PER_PART + 1}">`);
  });
});

describe('rewriteTextLinks', () => {
  it('rewrites each web address and keeps the punctuation after it', () => {
    const text =
      'See https://shop.example/orders/2891. Or (https://help.example/faq), or [https://x.example/a_(b)]!\n' +
      'Write to help@example.com or ftp://files.example.';
    expect(rewriteTextLinks(text, tracked)).toBe(
      `See ${tracked('https://shop.example/orders/2891')}. Or (${tracked('https://help.example/faq')}), ` +
        `or [${tracked('https://x.example/a_(b)')}]!\n` +
        'Write to help@example.com or ftp://files.example.',
    );
  });
});

describe('withPixel', () => {
  const src = 'https://t.example/o/abc';
  const pixel = `<img src="${src}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;margin:0;padding:0">`;

  it('goes before the last closing body tag', () => {
    expect(withPixel('<html><body><p>Hi</p></BODY ></html>', src)).toBe(
      `<html><body><p>Hi</p>${pixel}</BODY ></html>`,
    );
  });

  it('goes at the end of a fragment', () => {
    expect(withPixel('<p>Hi</p>', src)).toBe(`<p>Hi</p>${pixel}`);
  });
});
