// Runs before `pnpm test`: sets up what the suite needs where it can (Debian's Chromium when
// running as root on Debian, PostgreSQL's `test` database when the server lacks it), and
// otherwise stops at once with the one command to run. Never downloads a browser.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version');

function stop(message, command) {
  console.error(`\n[test-setup] ${message}\n[test-setup] run: ${command}\n`);
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function quiet(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return {
    ok: result.status === 0,
    missing: result.error?.code === 'ENOENT',
    out: result.stdout ?? '',
  };
}

// Chromium: the end-to-end, screenshot and runtime checks drive a real one.
if (!existsSync(chromium)) {
  if (isRoot && isDebian && chromium === '/usr/bin/chromium') {
    console.log("[test-setup] installing Debian's chromium");
    if (
      !(run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']))
    ) {
      stop('apt-get could not install chromium', 'apt-get update && apt-get install -y chromium');
    }
  } else {
    stop(
      `no Chromium at ${chromium}`,
      isDebian
        ? 'sudo apt-get install -y chromium'
        : 'install Chromium and set CHROMIUM_PATH=/path/to/chromium',
    );
  }
}

// PostgreSQL: when a server answers but has no `test` database, create it. Without a
// server (or with KEYS_TEST_DATABASE_URL pointing elsewhere) the adapter's tests say why.
if (!process.env.KEYS_TEST_DATABASE_URL) {
  const ready = quiet('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']);
  if (ready.ok) {
    const probe = quiet('psql', [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      'test',
      '-tAc',
      'select 1',
    ]);
    if (!probe.ok && !probe.missing) {
      console.log('[test-setup] creating database test');
      if (!run('createdb', ['-h', '127.0.0.1', '-U', 'postgres', 'test'])) {
        stop('could not create the test database', 'createdb -h 127.0.0.1 -U postgres test');
      }
    }
  }
}
