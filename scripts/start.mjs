// `npm start`: brings Magpie up. Without MAGPIE_SERVER_URL it first starts the embedded workspace
// server with a small demo workspace; then the desktop app where Electron can run here, else the
// browser shell, and says which and why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const children = [];
const say = (line) => console.log(`[magpie] ${line}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function startChild(command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  child.on('exit', (code) => {
    say(`${path.basename(args[0] ?? command)} exited (${code ?? 'signal'}); stopping Magpie.`);
    stopAll(code ?? 0);
  });
  return child;
}

function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function waitReady(url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(new URL('/readyz', url))).ok) return true;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Why Electron cannot run here, or null when it can. Never imports `electron` (that downloads). */
function electronUnavailableReason() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return 'the Electron binary is not installed (it downloads on first run, and this machine cannot fetch it)';
  const binary = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return `the Electron binary is missing at ${binary}`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)';
  return null;
}

async function main() {
  if (!existsSync(path.join(root, 'node_modules'))) {
    say('installing dependencies (npm ci)…');
    run('npm', ['ci'], { env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
  }
  if (process.env.MAGPIE_SKIP_BUILD !== '1') run(process.execPath, ['scripts/build.mjs']);

  let serverUrl = process.env.MAGPIE_SERVER_URL;
  if (serverUrl) {
    say(`using the workspace server at ${serverUrl} (MAGPIE_SERVER_URL)`);
  } else {
    const port = process.env.MAGPIE_PORT ?? '8787';
    serverUrl = `http://127.0.0.1:${port}`;
    if (await waitReady(serverUrl, 0.5)) {
      say(`a Magpie server is already running at ${serverUrl}; using it`);
    } else {
      say(`no MAGPIE_SERVER_URL set: starting the embedded server with a demo workspace at ${serverUrl}`);
      startChild(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
        MAGPIE_PORT: port,
        MAGPIE_DEMO: process.env.MAGPIE_DEMO ?? '1',
        MAGPIE_DATA_DIR: process.env.MAGPIE_DATA_DIR ?? path.join(root, '.magpie', 'server-data'),
      });
      if (!(await waitReady(serverUrl, 30))) {
        say('the server did not become ready within 30 s');
        stopAll(1);
        return;
      }
    }
  }

  const reason = electronUnavailableReason();
  if (reason === null) {
    say('starting the Magpie desktop app (Electron)');
    const binary = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(path.join(root, 'node_modules', 'electron', 'path.txt'), 'utf8').trim());
    startChild(binary, ['.'], { MAGPIE_SERVER_URL: serverUrl });
    return;
  }
  say(`not starting the desktop app: ${reason}.`);
  say('starting the browser shell instead: the same core and UI, in Chromium or Chrome.');
  startChild(process.execPath, ['out/shell/shell.mjs', `--server-url=${serverUrl}`], {});
}

main();
