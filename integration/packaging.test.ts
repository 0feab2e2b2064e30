import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Packs the app with the real electron-builder.yml, offline, against a stub Electron, and checks
 * what ends up in app.asar and that the fuses were flipped. No Electron binary is needed: the stub
 * is a shell script that carries Electron's fuse wire, which is all @electron/fuses looks for.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as typeof import('@electron/asar');
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as typeof import('@electron/fuses');
const electronVersion = (require('electron/package.json') as { version: string }).version;

/** The build outputs the app needs, and the scripts/build.mjs target that makes each one. */
const BUILD_OUTPUTS: Array<[file: string, target: string]> = [
  ['out/main/app.cjs', 'main'],
  ['out/preload/preload.cjs', 'preload'],
  ['out/preload/cache-host.cjs', 'preload'],
  ['out/renderer/index.html', 'renderer'],
  ['out/cache-host/index.html', 'cache-host'],
];

/** The fuse sentinel and an Electron 45-like default wire (version 1, 8 fuses: '1' on, '0' off). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const STUB_WIRE = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]);

let work: string;
let appOutDir: string;
let asarFile: string;
let files: string[];

async function buildMissingOutputs(): Promise<void> {
  const targets = [...new Set(BUILD_OUTPUTS.filter(([file]) => !existsSync(path.join(root, file))).map(([, target]) => target))];
  if (targets.length === 0) return;
  // With targets named, build.mjs builds only those and leaves the rest of out/ alone.
  await run(process.execPath, ['scripts/build.mjs', ...targets], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
}

/** What electron-builder copies from an unpacked Electron for `--linux --dir`. */
async function writeStubElectron(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  const executable = Buffer.concat([Buffer.from('#!/bin/sh\n# stub Electron for packaging tests\nexit 0\n# '), STUB_WIRE, Buffer.from('\n')]);
  await writeFile(path.join(dir, 'electron'), executable);
  await chmod(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'LICENSE'), 'stub\n');
  await writeFile(path.join(dir, 'LICENSES.chromium.html'), '<html></html>\n');
  await writeFile(path.join(dir, 'version'), `${electronVersion}\n`);
  await writeFile(path.join(dir, 'locales', 'en-US.pak'), '');
}

beforeAll(async () => {
  await buildMissingOutputs();
  work = await mkdtemp(path.join(tmpdir(), 'magpie-packaging-'));
  const stub = path.join(work, 'electron-dist');
  const output = path.join(work, 'release');
  await writeStubElectron(stub);

  const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  try {
    await run(
      process.execPath,
      [
        cli,
        '--dir',
        '--linux',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${stub}`,
        `-c.electronVersion=${electronVersion}`,
        `-c.directories.output=${output}`,
      ],
      {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
        // Nothing may be fetched: a download attempt fails the test instead of hanging on a proxy.
        env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ELECTRON_BUILDER_CACHE: path.join(work, 'cache'), HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
      },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`electron-builder failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
  appOutDir = path.join(output, 'linux-unpacked');
  asarFile = path.join(appOutDir, 'resources', 'app.asar');
  files = asar.listPackage(asarFile, { isPack: false }).map((file) => file.replaceAll('\\', '/').replace(/^\//, ''));
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const read = (file: string) => asar.extractFile(asarFile, file).toString('utf8');

describe('the packaged app', () => {
  it('holds main, both preloads, both pages and package.json', () => {
    for (const file of ['out/main/app.cjs', 'out/preload/preload.cjs', 'out/preload/cache-host.cjs', 'out/renderer/index.html', 'out/cache-host/index.html', 'package.json']) {
      expect(files).toContain(file);
    }
  });

  it('holds nothing outside the build output', () => {
    const allowed = /^(package\.json|out(\/(main|preload|renderer|cache-host)(\/.*)?)?)$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
  });

  it('has no server, no sources, no tests, no source maps and no node_modules', () => {
    expect(files.filter((file) => file.startsWith('server'))).toEqual([]);
    expect(files.filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(files.filter((file) => /\.(ts|tsx|mts|cts)$/.test(file))).toEqual([]);
    expect(files.filter((file) => /\.test\./.test(file))).toEqual([]);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const devOnly of ['vitest', 'electron-builder', 'typescript', 'electron', 'fastify', 'better-sqlite3']) {
      expect(files.some((file) => file.includes(`/${devOnly}/`))).toBe(false);
    }
    expect(existsSync(path.join(appOutDir, 'resources', 'app.asar.unpacked'))).toBe(false);
  });

  it('starts from the bundled main and declares no dependencies to install', () => {
    const manifest = JSON.parse(read('package.json')) as Record<string, unknown>;
    expect(manifest.main).toBe('out/main/app.cjs');
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
  });

  it('needs nothing at run time but Electron and Node itself', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    // ws loads these optional native speed-ups inside try/catch; the app runs without them.
    const optional = new Set(['bufferutil', 'utf-8-validate']);
    const required = [...read('out/main/app.cjs').matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]!);
    expect(required.filter((name) => name !== 'electron' && !builtins.has(name) && !optional.has(name))).toEqual([]);
    // A sandboxed preload can require nothing but electron.
    for (const preload of ['out/preload/preload.cjs', 'out/preload/cache-host.cjs']) {
      const names = [...read(preload).matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
      expect(new Set(names)).toEqual(new Set(['electron']));
    }
  });

  it('flips every Electron fuse as electron-builder.yml says', async () => {
    const wire = await getCurrentFuseWire(path.join(appOutDir, 'magpie'));
    const on = 49; // '1'
    const off = 48; // '0'
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(on);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(off);
  });

  it('names the Linux executable magpie', async () => {
    expect(existsSync(path.join(appOutDir, 'magpie'))).toBe(true);
    expect((await readFile(path.join(appOutDir, 'magpie'))).includes(FUSE_SENTINEL)).toBe(true);
  });
});
