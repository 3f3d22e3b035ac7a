import { randomBytes } from 'node:crypto';
import { type LinkClaim, LinkTokens, MAX_TOKEN_LENGTH } from './link-token';

const tokens = new LinkTokens(randomBytes(32));
const click: LinkClaim = {
  kind: 'click',
  messageId: 'msg_6553f1a0c9e77a12b3c4d5e6',
  recipient: 2,
  url: 'https://shop.example.com/orders/2891?utm_source=mail&x=ü',
};

/** The token with one character of its `part` (0 payload, 1 tag) changed at `index`. */
function altered(token: string, part: 0 | 1, index: number): string {
  const parts = token.split('.');
  const text = parts[part] ?? '';
  const at = (index + text.length) % text.length;
  const swapped = text[at] === 'A' ? 'B' : 'A';
  parts[part] = text.slice(0, at) + swapped + text.slice(at + 1);
  return parts.join('.');
}

describe('LinkTokens', () => {
  it('reads back what it signed, for the kind it was signed for only', () => {
    const token = tokens.sign(click);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(tokens.read('click', token)).toEqual(click);
    expect(tokens.read('open', token)).toBeUndefined();
    const open = tokens.sign({ kind: 'open', messageId: 'msg_1', recipient: 0 });
    expect(tokens.read('open', open)).toEqual({ kind: 'open', messageId: 'msg_1', recipient: 0 });
    expect(tokens.read('unsubscribe', open)).toBeUndefined();
  });

  it('names no address: the recipient is a place among the recipients', () => {
    const token = tokens.sign({ kind: 'unsubscribe', messageId: 'msg_1', recipient: 0 });
    const payload = Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8');
    expect(payload).toBe('[1,2,"msg_1",0]');
  });

  it.each([
    ['the first character of the payload', 0, 0],
    ['the last character of the payload', 0, -1],
    ['the first character of the tag', 1, 0],
    ['the last character of the tag', 1, -1],
  ] as const)('refuses a token with %s changed', (_what, part, index) => {
    expect(tokens.read('click', altered(tokens.sign(click), part, index))).toBeUndefined();
  });

  it('refuses tokens of another key, and anything that is not a token', () => {
    const other = new LinkTokens(randomBytes(32)).sign(click);
    expect(tokens.read('click', other)).toBeUndefined();
    const [payload] = tokens.sign(click).split('.');
    for (const junk of ['', '.', 'abc', payload, `${payload}.`, `${payload}.x.y`]) {
      expect(tokens.read('click', junk)).toBeUndefined();
    }
    expect(tokens.read('click', 'a'.repeat(MAX_TOKEN_LENGTH + 1))).toBeUndefined();
  });

  it('refuses a payload of another shape even under a good tag (a click without its URL)', () => {
    const withoutUrl = new LinkTokens(Buffer.alloc(32, 7));
    const signed = withoutUrl.sign({ kind: 'click', messageId: 'msg_1', recipient: 0 });
    expect(withoutUrl.read('click', signed)).toBeUndefined();
  });
});
