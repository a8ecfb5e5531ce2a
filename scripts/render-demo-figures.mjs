// Part of `npm run build`: renders the demo figures' sizes into
// dist/content/demo/rendered, where the built server's first start copies
// them from (content/seed-demo.ts) instead of running sharp on every SVG.
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const { renderDemoFigures } = await import(path.join(ROOT, 'dist', 'content', 'seed-demo.js'))
const rendered = await renderDemoFigures(path.join(ROOT, 'dist', 'content', 'demo', 'rendered'))
console.log(`build: ${rendered} demo figure(s) rendered anew, the rest were current`)

// The shop's demo product pictures, the same way (shop/seed-demo.ts).
const { renderDemoProductImages } = await import(path.join(ROOT, 'dist', 'shop', 'seed-demo.js'))
const products = await renderDemoProductImages(path.join(ROOT, 'dist', 'shop', 'demo', 'rendered'))
console.log(`build: ${products} demo product picture(s) rendered anew, the rest were current`)
