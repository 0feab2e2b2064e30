import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../../shared/limits';

/**
 * Server settings. Sources, weakest first: built-in defaults, the JSON file named by
 * `MAGPIE_CONFIG`, then `MAGPIE_*` environment variables (env wins, so one deployment file can be
 * overridden per run). Everything is validated once at start-up so a typo fails loudly.
 */

const LogLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const BooleanishSchema = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
}, z.boolean());

const positive = () => z.coerce.number().positive();

export const RateLimitConfigSchema = z.object({
  /** Sign-in and sign-up attempts per minute for one IP + username pair. */
  authPerMinute: positive().default(10),
  /** Messages one user may send at once before the refill rate applies. */
  sendBurst: positive().default(300),
  /** Messages per second refilled into a user's send bucket. */
  sendPerSecond: positive().default(50),
});
export type RateLimitConfig = z.infer<typeof RateLimitConfigSchema>;

export const ServerConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().min(1).default('.magpie/server-data'),
  /** postgres://… selects the PostgreSQL store (needed for several nodes); unset → embedded SQLite. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Connections each node keeps to PostgreSQL (plus one for live events). */
  databasePoolSize: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * The workspace's initial signup policy (`invite`: an admin's invite code is needed). Applied
   * while the workspace has no account; after that admins change it (admin.settings.update).
   */
  signup: z.enum(['open', 'invite', 'closed']).default('open'),
  /** A session unused for this many days has ended: resuming it answers `auth.session_invalid`. */
  sessionIdleDays: z.coerce.number().positive().max(3650).default(30),
  /**
   * Change-feed rows older than this are pruned; a device whose cursor is older gets
   * `sync.cursor_expired` and starts over with sync.bootstrap.
   */
  feedRetentionDays: z.coerce.number().positive().max(3650).default(30),
  demo: BooleanishSchema.default(false),
  logLevel: LogLevelSchema.default('info'),
  rateLimits: RateLimitConfigSchema.default(RateLimitConfigSchema.parse({})),
  /** How often the server pings each socket; a socket that missed the previous pong is dropped. */
  heartbeatIntervalMs: z.coerce.number().int().min(50).default(30_000),
  /**
   * How long senders may recall their own messages: the workspace's initial setting (admins change
   * it later with admin.settings.update).
   */
  recallWindowMs: z.coerce.number().int().min(0).max(7 * 24 * 3600 * 1000).default(LIMITS.defaultRecallWindowMs),
  /** Largest file one upload may declare (Upload-Length); larger ones get 413 `file.too_large`. */
  maxUploadBytes: z.coerce.number().int().min(1).default(LIMITS.defaultMaxUploadBytes),
  /** Uploaded files; unset → `<dataDir>/files`. Several nodes must share one directory. */
  filesDir: z.string().min(1).optional(),
  /** An upload not finished this long after it was created is deleted, with its bytes. */
  uploadExpiryMs: z.coerce.number().int().min(100).default(24 * 60 * 60 * 1000),
});
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/** What `startServer` accepts: any subset of the settings, with `rateLimits` also partial. */
export type ServerOptions = Partial<Omit<ServerConfig, 'rateLimits'>> & {
  dataDir: string;
  rateLimits?: Partial<RateLimitConfig>;
};

/** Environment variable → setting path. Also used to name the variable in error messages. */
const ENV_KEYS: Record<string, string[]> = {
  MAGPIE_HOST: ['host'],
  MAGPIE_PORT: ['port'],
  MAGPIE_DATA_DIR: ['dataDir'],
  MAGPIE_DATABASE_URL: ['databaseUrl'],
  MAGPIE_DATABASE_POOL_SIZE: ['databasePoolSize'],
  MAGPIE_SIGNUP: ['signup'],
  MAGPIE_SESSION_IDLE_DAYS: ['sessionIdleDays'],
  MAGPIE_FEED_RETENTION_DAYS: ['feedRetentionDays'],
  MAGPIE_DEMO: ['demo'],
  MAGPIE_LOG_LEVEL: ['logLevel'],
  MAGPIE_RATE_AUTH_PER_MIN: ['rateLimits', 'authPerMinute'],
  MAGPIE_RATE_SEND_BURST: ['rateLimits', 'sendBurst'],
  MAGPIE_RATE_SEND_PER_SEC: ['rateLimits', 'sendPerSecond'],
  MAGPIE_HEARTBEAT_MS: ['heartbeatIntervalMs'],
  MAGPIE_RECALL_WINDOW_MS: ['recallWindowMs'],
  MAGPIE_MAX_UPLOAD_BYTES: ['maxUploadBytes'],
  MAGPIE_FILES_DIR: ['filesDir'],
  MAGPIE_UPLOAD_EXPIRY_MS: ['uploadExpiryMs'],
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration. Relative paths (the config file, `dataDir`) resolve against the
 * directory the user ran the command from: npm sets `INIT_CWD` to it when a workspace script
 * changes directory, so `npm run server` from the repo root keeps data under the repo root.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const baseDir = env.INIT_CWD || process.cwd();
  const raw: Record<string, unknown> = env.MAGPIE_CONFIG ? readConfigFile(path.resolve(baseDir, env.MAGPIE_CONFIG)) : {};
  for (const [name, keyPath] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, keyPath, value);
  }
  const config = parseConfig(raw);
  return {
    ...config,
    dataDir: path.resolve(baseDir, config.dataDir),
    ...(config.filesDir === undefined ? {} : { filesDir: path.resolve(baseDir, config.filesDir) }),
  };
}

/** Validates settings given as an object (file contents, or `startServer` options). */
export function parseConfig(raw: unknown): ServerConfig {
  const result = ServerConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    const envName = Object.entries(ENV_KEYS).find(([, p]) => p.join('.') === key)?.[0];
    return `  ${key || '(root)'}${envName ? ` (${envName})` : ''}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid Magpie server configuration:\n${lines.join('\n')}`);
}

/** Fills in defaults for options given in code; `rateLimits` may be partial. */
export function resolveOptions(options: ServerOptions): ServerConfig {
  const { rateLimits, ...rest } = options;
  return parseConfig({ ...rest, rateLimits: { ...rateLimits } });
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`MAGPIE_CONFIG: cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`MAGPIE_CONFIG: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`MAGPIE_CONFIG: ${file} must contain a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, keyPath: string[], value: unknown): void {
  let node = target;
  for (const key of keyPath.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = typeof next === 'object' && next !== null ? { ...next } : {}) as Record<string, unknown>;
  }
  node[keyPath[keyPath.length - 1]!] = value;
}
