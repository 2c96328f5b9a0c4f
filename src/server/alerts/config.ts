import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Alert configuration file. Webhook URLs and signing secrets are named by environment variable,
 * never written in the file, so the file can be committed and logs can quote it.
 */
export const alertConfigSchema = z.object({
  webhooks: z
    .array(
      z.object({
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
  view: z.string().default('all'),
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

export function readAlertConfig(path: string): AlertConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AlertConfigError(`alerts file ${path}: ${(e as Error).message}`);
  }
  const parsed = alertConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AlertConfigError(`alerts file ${path}: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}

/** Looks the URLs and secrets up in the environment; a missing variable is named (its value never is). */
export function resolveWebhooks(config: AlertConfig, env: NodeJS.ProcessEnv): ResolvedWebhook[] {
  return config.webhooks.map((w) => {
    const url = env[w.urlEnv];
    if (!url) throw new AlertConfigError(`webhook ${w.name}: environment variable ${w.urlEnv} is not set`);
    let secret: string | undefined;
    if (w.secretEnv) {
      secret = env[w.secretEnv];
      if (!secret) throw new AlertConfigError(`webhook ${w.name}: environment variable ${w.secretEnv} is not set`);
    }
    return { name: w.name, url, ...(secret ? { secret } : {}), ...(w.kinds ? { kinds: w.kinds } : {}) };
  });
}
