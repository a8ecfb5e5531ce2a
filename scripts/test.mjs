// Runs every test file (unit, route and e2e) through node:test with tsx.
// Node 20's --test takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

// A fresh clone: install the project's packages first.
if (!fs.existsSync('node_modules/.package-lock.json')) {
  console.log('Installing packages (npm ci)...')
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const { default: pg } = await import('pg')

const args = process.argv.slice(2)
const only = args.filter((a) => !a.startsWith('-'))
const roots = only.length ? only : ['src', 'e2e']

function find(dir) {
  if (fs.statSync(dir).isFile()) return [dir]
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p)
    return /\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

const files = roots.filter((r) => fs.existsSync(r)).flatMap(find).map((f) => path.normalize(f)).sort()
if (!files.length) {
  console.error('No test files found.')
  process.exit(1)
}

// CI sets TEST_POSTGRES_URL: an unreachable server is a failure, not a skip.
if (process.env.TEST_POSTGRES_URL) {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('select 1')
    await client.end()
    console.log(`PostgreSQL reachable: data-access tests run on SQLite and PostgreSQL.`)
  } catch (err) {
    console.error(`TEST_POSTGRES_URL is set but PostgreSQL cannot be reached: ${err.message}`)
    process.exit(1)
  }
} else {
  console.log('TEST_POSTGRES_URL is not set: data-access tests run on SQLite only.')
}

// Browser journeys drive Debian's Chromium; as root on Debian, install it when missing.
if (files.some((f) => f.startsWith('e2e')) && !fs.existsSync('/usr/bin/chromium')) {
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log("Installing Debian's chromium for the browser tests...")
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (r.status !== 0) process.exit(r.status ?? 1)
  } else {
    console.error('The browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium')
    process.exit(1)
  }
}

// The scale-out journeys put Debian's nginx in front of two app processes;
// as root on Debian, install it when missing. Without it those tests fail.
if (files.some((f) => f.startsWith('e2e')) && !fs.existsSync('/usr/sbin/nginx')) {
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log("Installing Debian's nginx for the scale-out tests...")
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (r.status !== 0) process.exit(r.status ?? 1)
  } else {
    console.error('The scale-out tests need nginx at /usr/sbin/nginx: sudo apt-get install nginx')
    process.exit(1)
  }
}

// The browser journeys run the built server (dist/, as `npm start` runs it),
// so a file the build leaves out fails a test: build once, first.
if (files.some((f) => f.startsWith('e2e'))) {
  console.log('Building dist/ for the browser tests (npm run build)...')
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

// Lighthouse scores the main thread's time on this machine: run beside
// another test file it measures that file's load, not the page. Such files
// run last, one at a time, after everything else.
const alone = (f) => /(^|\/)e2e\/lighthouse\.test\.ts$/.test(f)
const run = (list, concurrency) => list.length
  ? spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...list], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test' },
  }).status ?? 1
  : 0
const rest = run(files.filter((f) => !alone(f)), 2)
const last = run(files.filter(alone), 1)
process.exit(rest || last)
