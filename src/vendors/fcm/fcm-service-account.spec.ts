import { generateKeyPairSync } from 'node:crypto';
import { parseServiceAccount } from './fcm-service-account';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const keyFile = (fields: Record<string, unknown> = {}): string =>
  JSON.stringify({
    type: 'service_account',
    project_id: 'shop-123',
    private_key_id: 'key-1',
    private_key: pem,
    client_email: 'sender@shop-123.iam.gserviceaccount.com',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...fields,
  });

describe('parseServiceAccount', () => {
  it('reads what the JWT-bearer flow and the send URL need', () => {
    expect(parseServiceAccount(keyFile())).toEqual({
      ok: true,
      account: {
        projectId: 'shop-123',
        clientEmail: 'sender@shop-123.iam.gserviceaccount.com',
        privateKey: pem,
        privateKeyId: 'key-1',
        tokenUri: 'https://oauth2.googleapis.com/token',
      },
    });
  });

  it("uses Google's token endpoint when the key file names none", () => {
    const parsed = parseServiceAccount(keyFile({ token_uri: undefined }));
    expect(parsed.ok && parsed.account.tokenUri).toBe('https://oauth2.googleapis.com/token');
  });

  it.each<[string, string]>([
    ['not json', 'must be a service-account key file (JSON)'],
    ['[]', 'must be a service-account key (a JSON object)'],
    [keyFile({ type: 'authorized_user' }), 'must be a key of type service_account'],
    [keyFile({ project_id: '' }), 'lacks project_id'],
    [keyFile({ client_email: undefined }), 'lacks client_email'],
    [keyFile({ private_key: 'not a key' }), 'lacks a private_key (an RSA key in PEM)'],
    [keyFile({ token_uri: 'ftp://tokens' }), 'has a token_uri that is not an http(s) URL'],
  ])('refuses %s', (json, problem) => {
    expect(parseServiceAccount(json)).toEqual({ ok: false, problem });
  });

  it('never repeats the key in a problem', () => {
    const parsed = parseServiceAccount(keyFile({ project_id: undefined }));
    expect(JSON.stringify(parsed)).not.toContain('PRIVATE KEY');
  });
});
