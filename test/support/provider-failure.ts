import { ProviderError } from '../../src/contract/provider';

/** The ProviderError a send fails with; fails the test when it succeeds. */
export async function failureOf(send: Promise<unknown>): Promise<ProviderError> {
  try {
    await send;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected the send to fail');
}
