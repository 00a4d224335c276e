import {
  clientIdOfSecret,
  generateClientId,
  generateClientSecret,
  hashSecret,
  isClientId,
  verifySecret,
} from './index.js';

const cheap = { memoryKiB: 256, iterations: 1, parallelism: 1 };

describe('client secrets', () => {
  it('hashes with the OWASP argon2id parameters by default, as a PHC string', async () => {
    const phc = await hashSecret('lumen_sk_example');
    expect(phc).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(await verifySecret('lumen_sk_example', phc)).toBe(true);
  });

  it('verifies the right secret and rejects a wrong or malformed one', async () => {
    const phc = await hashSecret('right', { params: cheap });
    expect(await verifySecret('right', phc)).toBe(true);
    expect(await verifySecret('wrong', phc)).toBe(false);
    expect(await verifySecret('right', 'plaintext-not-a-hash')).toBe(false);
  });

  it('salts each hash differently', async () => {
    expect(await hashSecret('same', { params: cheap })).not.toBe(
      await hashSecret('same', { params: cheap }),
    );
  });

  it('embeds the client id in the secret so one lookup finds the row', () => {
    let n = 0;
    const random = (size: number) => new Uint8Array(size).map(() => (n++ * 37) % 256);
    const clientId = generateClientId(random);
    const secret = generateClientSecret(clientId, random);
    expect(isClientId(clientId)).toBe(true);
    expect(clientId).toMatch(/^lmc_[A-Za-z0-9_-]{22}$/);
    expect(secret).toMatch(/^lumen_sk_lmc_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}$/);
    expect(clientIdOfSecret(secret)).toBe(clientId);
    expect(clientIdOfSecret(`${secret}x`)).toBeUndefined();
    expect(clientIdOfSecret('not-a-secret')).toBeUndefined();
  });
});
