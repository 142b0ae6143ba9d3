import { hashPassword, type ScryptParams, verifyPassword } from '../../infra/password.js';

const dummyHashes = new Map<number, Promise<string>>();

/**
 * Verifies a password against a stored hash, or against a throwaway hash when there is no such
 * account, so "no account" and "wrong password" take the same time and cannot be told apart.
 */
export async function checkPassword(options: {
  password: string;
  storedHash: string | undefined;
  scrypt: ScryptParams;
}): Promise<boolean> {
  if (options.storedHash !== undefined) {
    return verifyPassword(options.password, options.storedHash);
  }
  let dummy = dummyHashes.get(options.scrypt.cost);
  if (!dummy) {
    dummy = hashPassword('not-a-real-password', options.scrypt);
    dummyHashes.set(options.scrypt.cost, dummy);
  }
  await verifyPassword(options.password, await dummy);
  return false;
}
