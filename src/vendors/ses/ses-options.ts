import type { ProviderConfig } from '../../contract/provider';
import { OptionReader } from '../../contract/option-reader';

/** A type-`ses` provider's own options, checked at start-up. */
export interface SesOptions {
  readonly region: string;
  /** Replaces SES's regional endpoint (a VPC endpoint, a local emulator). */
  readonly endpoint?: string;
  /** Default sender address (a verified SES identity), for messages that name none. */
  readonly from?: string;
  /** SES configuration set: event publishing (bounces, complaints), dedicated IPs. */
  readonly configurationSetName?: string;
  /** Access key of its own; without one, the AWS SDK's default credential chain. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** SES's rule for configuration set names. */
const CONFIGURATION_SET_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function credentials(read: OptionReader): SesOptions['credentials'] {
  const accessKeyId = read.text('accessKeyId');
  const secretAccessKey = read.secret('secretAccessKey');
  const sessionToken = read.secret('sessionToken');
  if (accessKeyId === undefined && secretAccessKey === undefined) {
    if (sessionToken !== undefined)
      read.fail('sessionToken', 'needs accessKeyId and secretAccessKey');
    return undefined;
  }
  if (accessKeyId === undefined)
    return read.fail('accessKeyId', 'is required with secretAccessKey');
  if (secretAccessKey === undefined)
    return read.fail('secretAccessKey', 'is required with accessKeyId');
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}

/** Reads and checks an ses provider's options; throws naming the provider and the option. */
export function sesOptions(config: ProviderConfig): SesOptions {
  const read: OptionReader = new OptionReader(config);
  const region = read.text('region');
  if (region === undefined) read.fail('region', 'is required (or set SES_REGION)');
  if (!AWS_REGION_PATTERN.test(region))
    read.fail('region', 'must be an AWS region such as eu-west-1');
  const endpoint = read.httpUrl('endpoint');
  const from = read.email('from');
  const configurationSetName = read.text('configurationSetName');
  if (configurationSetName !== undefined && !CONFIGURATION_SET_PATTERN.test(configurationSetName))
    read.fail('configurationSetName', 'must be letters, digits, _ or - (at most 64)');
  const keys = credentials(read);
  return {
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(from === undefined ? {} : { from }),
    ...(configurationSetName === undefined ? {} : { configurationSetName }),
    ...(keys === undefined ? {} : { credentials: keys }),
  };
}
