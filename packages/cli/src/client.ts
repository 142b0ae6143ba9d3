import { Ducat } from '@ducat/sdk';
import { type CliConfig, loadConfig } from './config.js';
import { CliError } from './errors.js';

/** The logged-in test key's client. */
export async function clientFromConfig(): Promise<{ ducat: Ducat; config: CliConfig }> {
  const config = await loadConfig();
  if (!config) {
    throw new CliError(
      'Not logged in.',
      'Run `ducat login --merchant mch_…` and paste a dk_test_… key (merchant area › Keys › Create test API key).',
      'not_logged_in',
    );
  }
  const ducat = new Ducat({
    merchantId: config.merchantId,
    merchantKey: config.apiKey,
    baseUrl: config.apiUrl,
    maxRetries: 1,
  });
  return { ducat, config };
}
