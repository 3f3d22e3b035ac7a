import { isEmail } from 'class-validator';
import type { ProviderConfig } from './provider';

/**
 * Reads a provider's own options for the type each should have. Problems throw an Error that
 * names the provider and the option, never its value, which stops start-up.
 */
export class OptionReader {
  constructor(private readonly config: ProviderConfig) {}

  fail(option: string, reason: string): never {
    throw new Error(
      `provider ${this.config.id} (type ${this.config.type}): option ${option} ${reason}`,
    );
  }

  has(option: string): boolean {
    return this.config.options[option] !== undefined;
  }

  text(option: string): string | undefined {
    const value = this.config.options[option];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(option, 'must be a non-empty string');
    return value.trim();
  }

  matching(option: string, pattern: RegExp, what: string): string | undefined {
    const value = this.text(option);
    if (value !== undefined && !pattern.test(value)) this.fail(option, `must be ${what}`);
    return value;
  }

  /** A secret is taken as written: surrounding spaces may belong to it. */
  secret(option: string): string | undefined {
    const value = this.config.options[option];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') this.fail(option, 'must be a non-empty string');
    return value;
  }

  flag(option: string, fallback: boolean): boolean {
    const value = this.config.options[option];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(option, 'must be true or false');
    return value;
  }

  integer(option: string, min: number, max: number): number | undefined {
    const value = this.config.options[option];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      this.fail(option, `must be an integer from ${min} to ${max}`);
    return value;
  }

  email(option: string): string | undefined {
    const value = this.text(option);
    if (value !== undefined && !isEmail(value)) this.fail(option, 'must be an email address');
    return value;
  }

  httpUrl(option: string): string | undefined {
    const value = this.text(option);
    if (value === undefined) return undefined;
    const protocol = URL.canParse(value) ? new URL(value).protocol : '';
    if (protocol !== 'http:' && protocol !== 'https:') this.fail(option, 'must be an http(s) URL');
    return value;
  }
}
