import type { Registration } from '../../contract/registration';
import { SandboxProviderFactory } from './sandbox.provider';

/** Records instead of sending: the embedded default's provider for every channel. */
export const sandboxVendor: Registration = {
  providerFactories: [new SandboxProviderFactory()],
  embeddedProvider: (channel) => ({ id: `sandbox-${channel}`, type: 'sandbox' }),
};
