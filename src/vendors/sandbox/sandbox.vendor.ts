import type { Registration } from '../../contract/registration';

/** Records instead of sending: the embedded default's provider for every channel. */
export const sandboxVendor: Registration = {
  embeddedProvider: (channel) => ({ id: `sandbox-${channel}`, type: 'sandbox' }),
};
