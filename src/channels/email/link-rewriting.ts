import { Parser } from 'htmlparser2';

/** Only web links are tracked: not mailto:, tel:, anchors or relative ones. */
const WEB_LINK = /^https?:\/\/\S+$/i;
/** A web address in plain text, up to whitespace or what cannot be part of it. */
const TEXT_LINK = /https?:\/\/[^\s<>"[\]{}|\\^`]+/gi;
/** Punctuation that ends a sentence rather than the address. */
const TRAILING = /[.,;:!?'*]+$/;
/** The most links of one part that are rewritten; the rest stay as written. */
export const MAX_LINKS_PER_PART = 200;

const attributeValue = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

const openTag = (name: string, attributes: Readonly<Record<string, string>>): string =>
  `<${name}${Object.entries(attributes)
    .map(([attribute, value]) => ` ${attribute}="${attributeValue(value)}"`)
    .join('')}>`;

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The HTML with the `href` of each `<a>` and `<area>` that leads to a web address replaced by
 * `rewrite(address)`: the address is read as a browser would (entities decoded), and the tag
 * is written again with its attributes in their order, values quoted and escaped. Everything
 * else stays byte for byte.
 */
export function rewriteHtmlLinks(html: string, rewrite: (url: string) => string): string {
  const edits: Edit[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if ((name !== 'a' && name !== 'area') || edits.length >= MAX_LINKS_PER_PART) return;
        const href = 'href' in attributes ? attributes.href.trim() : '';
        if (!WEB_LINK.test(href)) return;
        edits.push({
          start: parser.startIndex,
          end: parser.endIndex + 1,
          text: openTag(name, { ...attributes, href: rewrite(href) }),
        });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  let rewritten = html;
  for (const { start, end, text } of [...edits].reverse()) {
    rewritten = rewritten.slice(0, start) + text + rewritten.slice(end);
  }
  return rewritten;
}

/** The address without the punctuation after it; a closing parenthesis only when unopened. */
function addressOf(found: string): string {
  let address = found.replace(TRAILING, '');
  while (address.endsWith(')') && !address.includes('(')) {
    address = address.slice(0, -1).replace(TRAILING, '');
  }
  return address;
}

/** The plain text with each web address replaced by `rewrite(address)`. */
export function rewriteTextLinks(text: string, rewrite: (url: string) => string): string {
  let count = 0;
  return text.replace(TEXT_LINK, (found) => {
    const address = addressOf(found);
    if (count >= MAX_LINKS_PER_PART || !WEB_LINK.test(address)) return found;
    count += 1;
    return rewrite(address) + found.slice(address.length);
  });
}

const PIXEL_STYLE = 'display:block;width:1px;height:1px;border:0;margin:0;padding:0';

/** The HTML with a 1×1 image of `src` before its closing body tag, or at its end. */
export function withPixel(html: string, src: string): string {
  const pixel = `<img src="${attributeValue(src)}" width="1" height="1" alt="" style="${PIXEL_STYLE}">`;
  const closing = [...html.matchAll(/<\/body\s*>/gi)].at(-1);
  if (closing?.index === undefined) return html + pixel;
  return html.slice(0, closing.index) + pixel + html.slice(closing.index);
}
