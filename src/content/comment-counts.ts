import type { Deps } from '../deps.js'

// SEAM (discussion): approved-comment counts live on discussion_threads and
// belong to the discussion module; content asks its index.ts for them and
// never reads its tables. Until discussion exports a count function this
// reports none.
export async function commentCounts(deps: Pick<Deps, 'db'>, articleIds: number[]): Promise<Map<number, number>> {
  void deps; void articleIds
  return new Map()
}
