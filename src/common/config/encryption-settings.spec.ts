import {
  configErrorOf as configErrorIn,
  DEV_SECRET,
  expectOneLineNaming,
  MONGODB_URI,
  STRONG_SECRET,
  TOKEN_PARTIES,
} from '../../../test/support/settings';
import { parseSettings, type Settings } from './settings';
import type { ConfigError, Environment } from './variables';

const HEX_KEY = '00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF';

const parse = (env: Environment): Settings => parseSettings(env, () => DEV_SECRET);
const configErrorOf = (env: Environment): ConfigError => configErrorIn(env, parse);

describe('parseSettings: the keys that seal secrets at rest', () => {
  describe('valid values', () => {
    it('decodes a 64-hex-character ENCRYPTION_KEY to 32 bytes', () => {
      const key = parse({ ENCRYPTION_KEY: HEX_KEY }).encryptionKey;
      expect(key).toBeInstanceOf(Buffer);
      expect(key!.length).toBe(32);
      expect(key!.toString('hex')).toBe(HEX_KEY.toLowerCase());
    });

    it('decodes ENCRYPTION_KEYS_OLD, hex and base64 mixed, with spaces around the commas', () => {
      const base64 = Buffer.from(HEX_KEY, 'hex').toString('base64');
      const old = parse({ ENCRYPTION_KEYS_OLD: ` ${HEX_KEY} , ${base64}` }).encryptionKeysOld;
      expect(old.map((key) => key.toString('hex'))).toEqual([
        HEX_KEY.toLowerCase(),
        HEX_KEY.toLowerCase(),
      ]);
      expect(parse({}).encryptionKeysOld).toEqual([]);
    });

    it('decodes a 44-character base64 ENCRYPTION_KEY to the same 32 bytes', () => {
      const base64 = Buffer.from(HEX_KEY, 'hex').toString('base64');
      expect(base64).toHaveLength(44);
      const key = parse({ ENCRYPTION_KEY: base64 }).encryptionKey;
      expect(key!.toString('hex')).toBe(HEX_KEY.toLowerCase());
    });
  });

  describe('errors', () => {
    it.each<[string, Environment]>([
      ['has the wrong length', { ENCRYPTION_KEY: 'abcdef0123' }],
      ['is 63 hex characters', { ENCRYPTION_KEY: HEX_KEY.slice(1) }],
    ])('when ENCRYPTION_KEY %s, names it in a one-line ConfigError', (_case, env) => {
      expectOneLineNaming(configErrorOf(env), 'ENCRYPTION_KEY');
    });

    it('refuses production without ENCRYPTION_KEY, after the database and the JWT settings', () => {
      const production = {
        NODE_ENV: 'production',
        MONGODB_URI,
        JWT_SECRET: STRONG_SECRET,
        ...TOKEN_PARTIES,
        ENCRYPTION_KEY: HEX_KEY,
      };
      const error = configErrorOf({ ...production, ENCRYPTION_KEY: undefined });
      expectOneLineNaming(error, 'ENCRYPTION_KEY');
      expect(error.message).toContain('required when NODE_ENV=production');
      expect(parse(production).encryptionKey).toHaveLength(32);
    });

    it.each([
      ['a key of the wrong length', 'abcdef0123'],
      ['a good key then a bad one', `${HEX_KEY},abc`],
      ['an empty entry', `${HEX_KEY},,${HEX_KEY}`],
    ])('refuses ENCRYPTION_KEYS_OLD with %s', (_case, value) => {
      expectOneLineNaming(configErrorOf({ ENCRYPTION_KEYS_OLD: value }), 'ENCRYPTION_KEYS_OLD');
    });

    it('leaves a malformed ENCRYPTION_KEY out of the message', () => {
      const key = `${HEX_KEY}ff`;
      const { message } = configErrorOf({ ENCRYPTION_KEY: key });
      expect(message).not.toContain(key);
      expect(message).not.toContain(HEX_KEY.slice(0, 16));
    });
  });
});
