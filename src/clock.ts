import fs from 'node:fs'

/** The one source of "now", so tests can move time (rate limits, schedules, windows). */
export interface Clock { now(): Date }

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private t = new Date('2026-11-20T12:00:00Z')) {}
  now() { return new Date(this.t) }
  advance(ms: number) { this.t = new Date(this.t.getTime() + ms) }
  set(d: Date) { this.t = new Date(d) }
}

/**
 * The system clock plus an offset in milliseconds read from a file on every
 * call, so a browser test can move a running site's time (a 30-minute edit
 * window) by writing a number. Only config.ts's CROWN_TEST_CLOCK_FILE makes
 * one, and only when NODE_ENV=test: a production boot refuses the variable.
 * A missing or unreadable file means no offset.
 */
export function fileOffsetClock(file: string): Clock {
  const offset = () => {
    try {
      const n = Number(fs.readFileSync(file, 'utf8').trim())
      return Number.isFinite(n) ? n : 0
    } catch {
      return 0
    }
  }
  return { now: () => new Date(Date.now() + offset()) }
}

export const iso = (d: Date) => d.toISOString()
export const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms)
