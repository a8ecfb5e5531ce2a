import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { loadConfig, ConfigError } from './config.js'
import { loggerOptions } from './logging.js'

const ROOT = path.resolve(import.meta.dirname, '..')

test('LOG_FORMAT picks the log lines; without it, a terminal gets pretty lines', () => {
  assert.equal(loadConfig({}).logFormat, process.stdout.isTTY ? 'pretty' : 'json')
  assert.equal(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat, 'pretty')
  assert.equal(loadConfig({ LOG_FORMAT: 'json' }).logFormat, 'json')
  assert.throws(() => loadConfig({ LOG_FORMAT: 'fancy' }), (e) => e instanceof ConfigError && /LOG_FORMAT/.test(e.message))
  assert.deepEqual(loggerOptions({ logLevel: 'info', logFormat: 'json' }), { level: 'info' })
  assert.deepEqual(loggerOptions({ logLevel: 'silent', logFormat: 'pretty' }), { level: 'silent' })
})

/** One info line as a child process logs it (config as the app reads it), its stdout a pipe. */
function logLine(format: 'json' | 'pretty' | undefined): string {
  const script = `import pino from 'pino'; import { loadConfig } from './src/config.ts'; import { loggerOptions } from './src/logging.ts'
    pino(loggerOptions(loadConfig())).info({ file: 'a.svg' }, 'hello from the log')`
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'info' }
  delete env.LOG_FORMAT
  if (format) env.LOG_FORMAT = format
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}

test('piped (CI, tests, log collectors), the log is JSON lines; LOG_FORMAT=pretty prints for people', () => {
  const json = JSON.parse(logLine(undefined)) as { level: number; msg: string; file: string }
  assert.equal(json.msg, 'hello from the log')
  assert.equal(json.file, 'a.svg')

  const pretty = logLine('pretty')
  assert.throws(() => JSON.parse(pretty), 'pretty lines are not JSON')
  assert.match(pretty, /INFO.*hello from the log/)
  assert.match(pretty, /file: "a\.svg"/)
})
