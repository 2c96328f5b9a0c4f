import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { JsonInputError, readJson } from '../../chain/jsonInput.js';
import { escapeText } from '../../core/escape.js';
import { expiryViewField } from '../query.js';

/**
 * Alert configuration file. Webhook URLs and signing secrets are named by environment variable,
 * never written in the file, so the file can be committed and logs can quote it. Unknown keys are
 * refused (a misspelt `"retires"` would otherwise be ignored), and the view is the report API's.
 */
const alertConfigSchema = z.strictObject({
  webhooks: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        urlEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'),
        secretEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name')
          .optional(),
        kinds: z
          .array(
            z.enum(['regime-flip', 'flip-crossed', 'call-wall-crossed', 'put-wall-crossed', 'playbook-rule-fired']),
          )
          .optional(),
      }),
    )
    .min(1),
  retries: z.number().int().min(0).max(10).default(4),
  backoffMs: z.number().int().min(1).max(60_000).default(500),
  view: expiryViewField.default('all'),
  positioning: z.enum(['classic', 'customer-long']).default('classic'),
});

export type AlertConfig = z.infer<typeof alertConfigSchema>;

export interface ResolvedWebhook {
  readonly name: string;
  readonly url: string;
  readonly secret?: string;
  readonly kinds?: readonly string[];
}

export class AlertConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertConfigError';
  }
}

/** Reads and checks the alerts file (a byte-order mark is fine); any fault is one AlertConfigError line. */
export function readAlertConfig(path: string): AlertConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AlertConfigError(`alerts file ${escapeText(path, 300)}: ${escapeText((e as Error).message, 300)}`);
  }
  try {
    return readJson(text, alertConfigSchema, { file: path, root: 'alerts' });
  } catch (e) {
    if (e instanceof JsonInputError) throw new AlertConfigError(`alerts file ${e.message}`);
    throw e;
  }
}

/** A webhook URL from the environment must be absolute http(s); the message names the variable, never the URL. */
function checkWebhookUrl(name: string, env: string, url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new AlertConfigError(`webhook ${escapeText(name, 80)}: environment variable ${env} is not a URL`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new AlertConfigError(
      `webhook ${escapeText(name, 80)}: environment variable ${env} must be an http:// or https:// URL (it is ${escapeText(protocol, 20)})`,
    );
  }
}

/**
 * Looks the URLs and secrets up in the environment, at start-up: a missing variable or a URL that
 * is not http(s) is named by its variable (its value never is).
 */
export function resolveWebhooks(config: AlertConfig, env: NodeJS.ProcessEnv): ResolvedWebhook[] {
  return config.webhooks.map((w) => {
    const hook = escapeText(w.name, 80);
    const url = env[w.urlEnv];
    if (!url) throw new AlertConfigError(`webhook ${hook}: environment variable ${w.urlEnv} is not set`);
    checkWebhookUrl(w.name, w.urlEnv, url);
    let secret: string | undefined;
    if (w.secretEnv) {
      secret = env[w.secretEnv];
      if (!secret) throw new AlertConfigError(`webhook ${hook}: environment variable ${w.secretEnv} is not set`);
    }
    return { name: w.name, url, ...(secret ? { secret } : {}), ...(w.kinds ? { kinds: w.kinds } : {}) };
  });
}
