import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import { spawnUntil, stopChild } from './processes';

/** The real workspace server in its own process, so a test can stop it and start it again. */
export class ServerProcess {
  readonly dataDir = mkdtempSync(path.join(os.tmpdir(), 'magpie-e2e-server-'));
  private child: ChildProcess | null = null;
  private output: () => string = () => '';
  private exitedEarly: string | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const started = await spawnUntil(
      process.execPath,
      ['--import', 'tsx', 'server/src/main.ts'],
      { MAGPIE_PORT: String(this.port), MAGPIE_HOST: '127.0.0.1', MAGPIE_DATA_DIR: this.dataDir, MAGPIE_DEMO: '0', MAGPIE_LOG_LEVEL: 'warn' },
      null,
      'workspace server',
    );
    this.child = started.child;
    this.output = started.output;
    started.child.once('exit', (code) => {
      if (this.child === started.child) this.exitedEarly = `server exited (${code})`;
    });
    this.exitedEarly = null;
    await this.waitReady();
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.exitedEarly) throw new Error(`${this.exitedEarly}:\n${this.output()}`);
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) return;
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`server not ready:\n${this.output()}`);
  }

  /** Stops the server the way an operator would (graceful), or kills it (a crash). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child) await stopChild(this.child, signal);
    this.child = null;
  }

  logs(): string {
    return this.output();
  }
}
