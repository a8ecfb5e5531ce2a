// Bundles client/ (small progressive enhancements) into public/build/app.js.
import { build } from 'esbuild'
await build({
  entryPoints: ['client/main.ts'],
  outfile: 'public/build/app.js',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
})
