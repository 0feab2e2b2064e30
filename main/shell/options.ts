import { z } from 'zod';
import path from 'node:path';

/** How the browser shell is started: flags win over environment variables. */
export const ShellOptionsSchema = z.object({
  serverUrl: z.string().url(),
  /** Port of the local page and bridge socket. Fixed by default so the page's origin (and with it
   *  IndexedDB, where the cache lives) stays the same from one launch to the next. */
  port: z.coerce.number().int().min(0).max(65535),
  /** Where the shell keeps its session file. One directory per local profile. */
  dataDir: z.string().min(1),
  /** Where downloads are saved; unset: the user's Downloads folder. */
  downloadsDir: z.string().min(1).optional(),
  /** Built renderer, cache-host page and shell bridge. */
  outDir: z.string().min(1),
});
export type ShellOptions = z.infer<typeof ShellOptionsSchema>;

export function parseShellOptions(argv: string[], env: NodeJS.ProcessEnv, defaultOutDir: string): ShellOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match) throw new Error(`Unrecognised argument "${arg}". Use --name=value.`);
    flags.set(match[1]!, match[2]!);
  }
  const parsed = ShellOptionsSchema.safeParse({
    serverUrl: flags.get('server-url') ?? env.MAGPIE_SERVER_URL ?? 'http://127.0.0.1:8787',
    port: flags.get('port') ?? env.MAGPIE_SHELL_PORT ?? 5183,
    dataDir: path.resolve(flags.get('data-dir') ?? env.MAGPIE_SHELL_DATA_DIR ?? '.magpie/shell'),
    outDir: path.resolve(flags.get('out-dir') ?? defaultOutDir),
    downloadsDir: optionalPath(flags.get('downloads-dir') ?? env.MAGPIE_DOWNLOADS_DIR),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid browser-shell options: ${problems}`);
  }
  return parsed.data;
}

function optionalPath(value: string | undefined): string | undefined {
  return value ? path.resolve(value) : undefined;
}
