// `npm run build`: everything `node dist/main.js` needs, in dist/.
//   1. tsc compiles src/ (incremental: its build info lives in dist/, so
//      `rm -rf dist` means a full build again).
//   2. Every other file under src/ that the server may read at run time
//      (anything not .ts/.tsx and not a test) is copied beside the code that
//      reads it, so `import.meta.dirname` paths hold in dist/ as in src/.
//   3. The demo figures are rendered once into dist/, so a first start only
//      copies them (content/seed-demo.ts).
//   4. client/ is bundled into public/build/app.js.
// A stamp written last tells the browser tests the build is complete and newer than src/.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const SRC = path.join(ROOT, 'src')
const DIST = path.join(ROOT, 'dist')
const BUILD_STAMP = path.join(DIST, '.build-stamp')

const step = (label, fn) => {
  const t0 = performance.now()
  fn()
  console.log(`build: ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
}
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

fs.rmSync(BUILD_STAMP, { force: true })
step('compiled src/ with tsc', () => run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']))

/** Files under src/ that tsc does not emit and tests alone use are left out. */
function isRuntimeAsset(rel) {
  const parts = rel.split(path.sep)
  if (parts[0] === 'test') return false // src/test: the test harness (tsconfig.build.json leaves it out too)
  return !/\.tsx?$/.test(rel) && !/\.test\.[^/]+$/.test(rel)
}
let copied = 0
step('copied run-time files from src/', () => {
  for (const rel of fs.readdirSync(SRC, { recursive: true })) {
    const from = path.join(SRC, rel)
    if (!fs.statSync(from).isFile() || !isRuntimeAsset(rel)) continue
    const to = path.join(DIST, rel)
    fs.mkdirSync(path.dirname(to), { recursive: true })
    fs.copyFileSync(from, to)
    copied++
  }
})
console.log(`build: ${copied} file(s) copied`)

step('rendered the demo figures', () => run(process.execPath, [path.join(ROOT, 'scripts', 'render-demo-figures.mjs')]))
step('bundled client/', () => run(process.execPath, [path.join(ROOT, 'scripts', 'build-client.mjs')]))
fs.writeFileSync(BUILD_STAMP, new Date().toISOString() + '\n')
