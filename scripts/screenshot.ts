// Usage: node --import tsx scripts/screenshot.ts <url> <out.png> [width] [height]
// A full-page screenshot in Debian's Chromium, for looking at pages while building them.
import { launchBrowser } from '../e2e/support.js'

const [url, out, w, h] = process.argv.slice(2)
const browser = await launchBrowser()
const page = await browser.newPage({ viewport: { width: Number(w ?? 1280), height: Number(h ?? 900) } })
await page.goto(url)
await page.screenshot({ path: out, fullPage: true })
await browser.close()
