import { defaultDataDir } from '@lumen/db';
import { z } from 'zod';

/**
 * Every environment variable Lumen reads, validated once. Apps call loadConfig(process.env)
 * in main.ts; nothing else reads the environment.
 */
const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(/[,\s]+/).filter(Boolean) : []));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : /^(1|true|yes|on)$/i.test(v)));

/** Retention in whole days; 0 keeps forever. An empty value means the default, not 0. */
const days = (fallback: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(0).max(36_500).default(fallback),
  );

const PORT_MESSAGE = 'must be a whole number from 0 to 65535';

const EnvSchema = z.object({
  DATABASE_URL: optionalString,
  LUMEN_DATA_DIR: optionalString,
  JWT_SECRET: optionalString,
  // One plain sentence for every way PORT can be wrong: zod's own wording for "abc" was
  // "Invalid input: expected number, received NaN".
  // An empty PORT (`PORT=` in a compose file or .env) means the default, as for every
  // other setting; coerced, it was 0, and the server took a random free port.
  PORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: PORT_MESSAGE })
      .int({ error: PORT_MESSAGE })
      .min(0, { error: PORT_MESSAGE })
      .max(65535, { error: PORT_MESSAGE })
      .default(8001),
  ),
  HOST: z.string().default('127.0.0.1'),
  LUMEN_PUBLIC_URL: optionalString,
  LUMEN_ALLOWED_HOSTS: csv,
  LUMEN_ALLOWED_ORIGINS: csv,
  LUMEN_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  LLM_PROVIDER: z.enum(['noop', 'anthropic', 'openai']).default('noop'),
  LLM_API_KEY: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  OPENAI_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_BASE_URL: optionalString,
  LLM_USER_BUDGET_24H_USD: z.coerce.number().nonnegative().optional(),
  EMBEDDINGS_BASE_URL: optionalString,
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_API_KEY: optionalString,
  LUMEN_TUTOR_TOPIC_CHECK: bool(true),
  LUMEN_INGEST_ALLOW_HOSTS: csv,
  LUMEN_CIMD_ALLOW_HOSTS: csv,
  NOTION_TOKEN: optionalString,
  FSRS_DESIRED_RETENTION: z.coerce.number().gt(0).lt(1).default(0.9),
  FSRS_MAXIMUM_INTERVAL: z.coerce.number().int().positive().default(36500),
  FSRS_ENABLE_FUZZ: bool(true),
  LUMEN_MCP_AUTH_TOKEN: optionalString,
  LUMEN_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // The defaults are @lumen/domain's DEFAULT_RETENTION_DAYS, repeated here so reading
  // the configuration does not load the domain (stdio answers tools/list before it).
  LUMEN_RETENTION_TOOL_CALLS_DAYS: days(30),
  LUMEN_RETENTION_LLM_CALLS_DAYS: days(90),
  LUMEN_RETENTION_RETRIEVALS_DAYS: days(30),
});

export type LumenConfig = ReturnType<typeof toConfig>;

function toConfig(
  env: z.output<typeof EnvSchema>,
  rawEnv: Readonly<Record<string, string | undefined>>,
) {
  const publicUrl = (env.LUMEN_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    database: {
      url: env.DATABASE_URL,
      dataDir: env.LUMEN_DATA_DIR ?? defaultDataDir(rawEnv),
    },
    jwtSecret: env.JWT_SECRET,
    http: {
      port: env.PORT,
      host: env.HOST,
      publicUrl,
      /** Whether LUMEN_PUBLIC_URL was set (otherwise loopback requests use their own origin). */
      publicUrlExplicit: env.LUMEN_PUBLIC_URL !== undefined,
      mcpUrl: `${publicUrl}/mcp`,
      allowedHosts: env.LUMEN_ALLOWED_HOSTS,
      allowedOrigins: env.LUMEN_ALLOWED_ORIGINS,
      maxBodyBytes: env.LUMEN_MAX_BODY_BYTES,
    },
    llm: {
      provider: env.LLM_PROVIDER,
      apiKey:
        env.LLM_API_KEY ??
        (env.LLM_PROVIDER === 'anthropic'
          ? env.ANTHROPIC_API_KEY
          : env.LLM_PROVIDER === 'openai'
            ? env.OPENAI_API_KEY
            : undefined),
      model: env.LLM_MODEL,
      baseUrl: env.LLM_BASE_URL,
      budgetUsd24h: env.LLM_USER_BUDGET_24H_USD,
    },
    embeddings: env.EMBEDDINGS_BASE_URL
      ? {
          baseUrl: env.EMBEDDINGS_BASE_URL,
          model: env.EMBEDDINGS_MODEL ?? 'text-embedding-3-small',
          apiKey: env.EMBEDDINGS_API_KEY,
        }
      : undefined,
    /** Whether the tutor checks a question that passed on a title word alone (topic-check.ts). */
    tutor: { topicCheck: env.LUMEN_TUTOR_TOPIC_CHECK },
    ingest: { allowHosts: env.LUMEN_INGEST_ALLOW_HOSTS, notionToken: env.NOTION_TOKEN },
    /** Private hosts a Client ID Metadata Document may be fetched from (default none). */
    oauth: { cimdAllowHosts: env.LUMEN_CIMD_ALLOW_HOSTS },
    fsrs: {
      desiredRetention: env.FSRS_DESIRED_RETENTION,
      maximumInterval: env.FSRS_MAXIMUM_INTERVAL,
      enableFuzz: env.FSRS_ENABLE_FUZZ,
    },
    /** Days the observability logs are kept (0: forever); see @lumen/domain retention.ts. */
    retention: {
      tool_calls: env.LUMEN_RETENTION_TOOL_CALLS_DAYS,
      llm_call_log: env.LUMEN_RETENTION_LLM_CALLS_DAYS,
      retrieval_audits: env.LUMEN_RETENTION_RETRIEVALS_DAYS,
    },
    stdioToken: env.LUMEN_MCP_AUTH_TOKEN,
    logLevel: env.LUMEN_LOG_LEVEL,
  };
}

/** A setting is missing or invalid; the message names each one (never its value). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'config.invalid';
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): LumenConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return toConfig(parsed.data, env);
}
