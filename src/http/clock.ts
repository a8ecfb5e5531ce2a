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

export const iso = (d: Date) => d.toISOString()
export const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms)
