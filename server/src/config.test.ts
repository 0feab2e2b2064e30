import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadConfig, resolveOptions } from './config';

describe('configuration', () => {
  it('has defaults that need nothing set, with the data dir under the launch directory', () => {
    const config = loadConfig({ INIT_CWD: '/home/me/magpie' });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, signup: 'open', demo: false, logLevel: 'info' });
    expect(config.dataDir).toBe('/home/me/magpie/.magpie/server-data');
    expect(config.rateLimits.authPerMinute).toBe(10);
  });

  it('reads MAGPIE_* variables', () => {
    const config = loadConfig({
      INIT_CWD: '/srv',
      MAGPIE_HOST: '0.0.0.0',
      MAGPIE_PORT: '0',
      MAGPIE_DATA_DIR: '/var/lib/magpie',
      MAGPIE_SIGNUP: 'closed',
      MAGPIE_DEMO: '1',
      MAGPIE_LOG_LEVEL: 'warn',
      MAGPIE_RATE_SEND_BURST: '1000',
    });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 0, dataDir: '/var/lib/magpie', signup: 'closed', demo: true, logLevel: 'warn' });
    expect(config.rateLimits).toMatchObject({ sendBurst: 1000, sendPerSecond: 50 });
  });

  it('reads a JSON file named by MAGPIE_CONFIG, and the environment wins over it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'magpie-config-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ port: 9000, signup: 'closed', rateLimits: { authPerMinute: 99 } }));
    const config = loadConfig({ INIT_CWD: dir, MAGPIE_CONFIG: 'server.json', MAGPIE_PORT: '9100' });
    expect(config.port).toBe(9100);
    expect(config.signup).toBe('closed');
    expect(config.rateLimits.authPerMinute).toBe(99);
  });

  it('fails with a message naming the setting and its variable', () => {
    expect(() => loadConfig({ MAGPIE_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ MAGPIE_PORT: '70000' })).toThrow(/port \(MAGPIE_PORT\)/);
    expect(() => loadConfig({ MAGPIE_SIGNUP: 'maybe' })).toThrow(/signup \(MAGPIE_SIGNUP\)/);
    expect(() => loadConfig({ MAGPIE_DEMO: 'perhaps' })).toThrow(/MAGPIE_DEMO/);
    expect(() => loadConfig({ MAGPIE_CONFIG: '/nonexistent/magpie.json' })).toThrow(/cannot read/);
  });

  it('reads the file settings: upload limit (default from LIMITS), files directory (relative to the launch directory), upload expiry', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ maxUploadBytes: 100 * 1024 * 1024, uploadExpiryMs: 24 * 60 * 60 * 1000 });
    expect(defaults.filesDir).toBeUndefined(); // <dataDir>/files
    const config = loadConfig({ INIT_CWD: '/srv', MAGPIE_MAX_UPLOAD_BYTES: '2048', MAGPIE_FILES_DIR: 'shared/files', MAGPIE_UPLOAD_EXPIRY_MS: '3600000' });
    expect(config).toMatchObject({ maxUploadBytes: 2048, filesDir: '/srv/shared/files', uploadExpiryMs: 3_600_000 });
    expect(() => loadConfig({ MAGPIE_MAX_UPLOAD_BYTES: '0' })).toThrow(/maxUploadBytes \(MAGPIE_MAX_UPLOAD_BYTES\)/);
  });

  it('fills in defaults for options given in code, including partial rate limits', () => {
    const config = resolveOptions({ dataDir: '/tmp/x', rateLimits: { sendBurst: 7 } });
    expect(config.rateLimits).toEqual({ authPerMinute: 10, sendBurst: 7, sendPerSecond: 50 });
    expect(config.port).toBe(8787);
  });

  it('selects PostgreSQL with MAGPIE_DATABASE_URL and refuses anything but a postgres URL', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    const config = loadConfig({ MAGPIE_DATABASE_URL: 'postgres://magpie@db.internal:5432/magpie', MAGPIE_DATABASE_POOL_SIZE: '20' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://magpie@db.internal:5432/magpie', databasePoolSize: 20 });
    expect(() => loadConfig({ MAGPIE_DATABASE_URL: 'mysql://secret@db/magpie' })).toThrow(/databaseUrl \(MAGPIE_DATABASE_URL\)/);
    expect(() => loadConfig({ MAGPIE_DATABASE_URL: 'mysql://secret@db/magpie' })).not.toThrow(/secret/);
  });

  it('takes an invite-only signup policy and a session idle limit in days (30 unless set)', () => {
    expect(loadConfig({}).sessionIdleDays).toBe(30);
    const config = loadConfig({ MAGPIE_SIGNUP: 'invite', MAGPIE_SESSION_IDLE_DAYS: '7.5' });
    expect(config).toMatchObject({ signup: 'invite', sessionIdleDays: 7.5 });
    expect(() => loadConfig({ MAGPIE_SESSION_IDLE_DAYS: '0' })).toThrow(/sessionIdleDays \(MAGPIE_SESSION_IDLE_DAYS\)/);
    expect(() => loadConfig({ MAGPIE_SESSION_IDLE_DAYS: 'forever' })).toThrow(/MAGPIE_SESSION_IDLE_DAYS/);
  });

  it('keeps change-feed rows 30 days unless MAGPIE_FEED_RETENTION_DAYS says otherwise', () => {
    expect(loadConfig({}).feedRetentionDays).toBe(30);
    expect(loadConfig({ MAGPIE_FEED_RETENTION_DAYS: '90' }).feedRetentionDays).toBe(90);
    expect(() => loadConfig({ MAGPIE_FEED_RETENTION_DAYS: '0' })).toThrow(/feedRetentionDays \(MAGPIE_FEED_RETENTION_DAYS\)/);
    expect(() => loadConfig({ MAGPIE_FEED_RETENTION_DAYS: 'forever' })).toThrow(/MAGPIE_FEED_RETENTION_DAYS/);
  });
});
