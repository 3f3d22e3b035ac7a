import { DEV_SECRET } from '../../test/support/settings';
import { parseSettings } from '../common/config/settings';
import { CryptoService } from '../common/crypto/crypto.service';
import { EngagementLinks } from './engagement-links';

const links = new EngagementLinks(
  parseSettings(
    { PUBLIC_URL: 'https://mail.example.test', ENCRYPTION_KEY: 'c'.repeat(64) },
    () => DEV_SECRET,
  ),
  new CryptoService(),
);

describe('EngagementLinks.clickUrl', () => {
  it('leads a web address through the click route, which reads it back', () => {
    const url = 'https://shop.example.test/spring?x=1';
    const link = links.clickUrl('msg_1', 2, url);
    expect(link).toMatch(/^https:\/\/mail\.example\.test\/api\/v1\/track\/click\/[\w-]+\.[\w-]+$/);
    const token = link.slice(link.lastIndexOf('/') + 1);
    expect(links.read('click', token)).toEqual({
      kind: 'click',
      messageId: 'msg_1',
      recipient: 2,
      url,
    });
  });

  it('leaves an address as written when its token would be too long to read back', () => {
    const url = `https://shop.example.test/?q=${'a'.repeat(4000)}`;
    expect(links.clickUrl('msg_1', 0, url)).toBe(url);
  });
});
