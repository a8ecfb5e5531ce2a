import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import type * as Esbuild from 'esbuild'

const CLIENT_ENTRY = path.resolve(import.meta.dirname, '..', '..', 'client', 'main.ts')

/**
 * URLs of the stylesheet and the client script, versioned by content hash so
 * they can be cached for a year. The client script is bundled by esbuild when
 * missing or older than its sources (a fresh clone, or after an edit).
 */
export function clientAssets(publicDir: string): { css: string; js: string } {
  const js = path.join(publicDir, 'build', 'app.js')
  if (fs.existsSync(CLIENT_ENTRY) && isStale(js, path.dirname(CLIENT_ENTRY))) bundleClient(js)
  return {
    css: `/assets/site.css?v=${hashFile(path.join(publicDir, 'site.css'))}`,
    js: `/assets/build/app.js?v=${hashFile(js)}`,
  }
}

export function bundleClient(outfile: string) {
  // Loaded here, not at the top: a built server finds the bundle current and
  // never needs esbuild (a few MB resident once loaded).
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof Esbuild
  buildSync({
    entryPoints: [CLIENT_ENTRY],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    legalComments: 'none',
    logLevel: 'error',
  })
}

function isStale(out: string, srcDir: string): boolean {
  if (!fs.existsSync(out)) return true
  const built = fs.statSync(out).mtimeMs
  return fs.readdirSync(srcDir, { recursive: true }).some((f) => fs.statSync(path.join(srcDir, String(f))).mtimeMs > built)
}

function hashFile(file: string): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 10)
  } catch {
    return '0'
  }
}
