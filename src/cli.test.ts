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

test('crown import-wordpress and import-disqus: progress lines off a terminal, a report, a clear line for a bad file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-cli-import-'))
  const env = { DATABASE_URL: path.join(dir, 'crown.sqlite'), DATA_DIR: dir }
  const fixtures = path.join(ROOT, 'src', 'importer', 'fixtures')

  const missing = crown(['import-wordpress', path.join(dir, 'nope.xml')], env)
  assert.equal(missing.status, 1)
  assert.match(missing.stderr, /Cannot read .*nope\.xml: no such file/)

  const cut = crown(['import-wordpress', path.join(fixtures, 'truncated.wxr.xml')], env)
  assert.equal(cut.status, 1)
  assert.match(cut.stderr, /truncated\.wxr\.xml: line \d+, column \d+: /)
  assert.doesNotMatch(cut.stderr, /\n\s+at /, 'no stack trace')

  const dry = crown(['import-wordpress', path.join(fixtures, 'site.wxr.xml'), '--dry-run'], env)
  assert.equal(dry.status, 0, dry.stderr)
  assert.match(dry.stdout, /Dry run: nothing was written/)

  const run = crown(['import-wordpress', path.join(fixtures, 'site.wxr.xml')], env)
  assert.equal(run.status, 0, run.stderr)
  assert.match(run.stdout, /Importing site\.wxr\.xml: 100% \(\d+ KB of \d+ KB\)/)
  assert.match(run.stdout, /^post\s+7\s+0\s+0\s+0$/m, 'the report counts the seven posts imported')
  assert.match(run.stdout, /replies to comment 299, which is not in the export/)

  const again = crown(['import-wordpress', path.join(fixtures, 'site.wxr.xml')], env)
  assert.equal(again.status, 0, again.stderr)
  assert.match(again.stdout, /^post\s+0\s+0\s+7\s+0$/m, 'a second run finds every post unchanged')

  const disqus = crown(['import-disqus', path.join(fixtures, 'disqus.xml')], env)
  assert.equal(disqus.status, 0, disqus.stderr)
  assert.match(disqus.stdout, /^comment\s+5\s+0\s+0\s+0$/m)
  const db = new SQLite(env.DATABASE_URL, { readonly: true })
  const n = (db.prepare('select count(*) as n from articles').get() as { n: number }).n
  db.close()
  assert.equal(n, 8, 'the dry run wrote nothing; the import wrote the seven posts and the page')
})
