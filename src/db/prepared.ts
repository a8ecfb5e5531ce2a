import { createQueryId, type Compilable, type Kysely } from 'kysely'
import type { Tables } from './tables.js'

// Kysely builds and compiles a query afresh on every run: about half the
// cost of a small read by key (13 of 26 µs for an article page's first
// query), and a page makes several. A query whose shape never changes is
// built once per database kind here, with placeholders where its values go,
// and each run only binds its values to the compiled SQL. The same SQL text
// each time also keeps the SQLite statement cache's lookup cheap.

const SLOT = Symbol('prepared query value')
type Placeholder = { readonly [SLOT]: number }

const isPlaceholder = (v: unknown): v is Placeholder => typeof v === 'object' && v !== null && SLOT in v

interface Compiled {
  sql: string
  parameters: readonly unknown[]
  query: ReturnType<Compilable<unknown>['compile']>['query']
  /** For each parameter: the argument it takes, or -1 for a constant of the query's own. */
  slots: number[]
}

type Q = Kysely<Tables>

/**
 * A query of fixed shape: `build` is called once per database kind with
 * placeholders for its arguments, which it may only pass to Kysely as values
 * (in a where, a limit, an offset), never branch on, join or spread; an
 * argument that does not come out as a bound parameter is refused at once.
 * Values are scalars (text, numbers): a list for `in` changes the shape.
 */
export function prepared<A extends readonly (string | number | boolean | null)[], R>(build: (db: Q, ...args: A) => Compilable<R>) {
  const byKind = new Map<unknown, Compiled>()
  return async (db: Q, ...args: A): Promise<R[]> => {
    const kind = db.getExecutor().adapter.constructor
    let c = byKind.get(kind)
    if (!c) {
      const placeholders = args.map((_, i): Placeholder => ({ [SLOT]: i }))
      const q = build(db, ...(placeholders as unknown as A)).compile()
      const slots = q.parameters.map((p) => (isPlaceholder(p) ? p[SLOT] : -1))
      for (let i = 0; i < args.length; i++) {
        if (!slots.includes(i)) throw new Error(`prepared query: argument ${i} is not a bound value of the query (${q.sql})`)
      }
      c = { sql: q.sql, parameters: q.parameters, query: q.query, slots }
      byKind.set(kind, c)
    }
    const parameters = new Array<unknown>(c.slots.length)
    for (let i = 0; i < c.slots.length; i++) parameters[i] = c.slots[i] === -1 ? c.parameters[i] : args[c.slots[i]]
    const result = await db.executeQuery<R>({ sql: c.sql, parameters, query: c.query, queryId: createQueryId() })
    return result.rows
  }
}
