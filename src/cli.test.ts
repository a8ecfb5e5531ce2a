import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'

const ROOT = path.resolve(import.meta.dirname, '..')

function crown(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' })
}

test('crown migrate, create-admin and backup work from the command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-cli-'))
  const env = { DATABASE_URL: path.join(dir, 'crown.sqlite'), DATA_DIR: dir }

  const migrate = crown(['migrate'], env)
  assert.equal(migrate.status, 0, migrate.stderr)
  assert.match(migrate.stdout, /Applied \d+ migration/)
  assert.match(crown(['migrate'], env).stdout, /up to date/)

  const weak = crown(['create-admin', '--email', 'ada@example.com', '--name', 'Ada'], { ...env, CROWN_PASSWORD: 'short' })
  assert.equal(weak.status, 1)
  assert.match(weak.stderr, /at least 10 characters/)
  const admin = crown(['create-admin', '--email', 'Ada@Example.com', '--name', 'Ada'], { ...env, CROWN_PASSWORD: 'a long enough passphrase' })
  assert.equal(admin.status, 0, admin.stderr)
  assert.equal(crown(['create-admin', '--email', 'ada@example.com', '--name', 'Ada'], { ...env, CROWN_PASSWORD: 'a long enough passphrase' }).status, 1)

  const target = path.join(dir, 'backups', 'copy.sqlite')
  const backup = crown(['backup', target], env)
  assert.equal(backup.status, 0, backup.stderr)
  assert.match(backup.stdout, /Backing up: \d+\/\d+ pages \(100%\)/)
  const copy = new SQLite(target, { readonly: true })
  const row = copy.prepare('select email, role from users').get() as { email: string; role: string }
  copy.close()
  assert.deepEqual(row, { email: 'ada@example.com', role: 'admin' })
})
