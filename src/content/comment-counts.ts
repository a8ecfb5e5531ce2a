import type { Deps } from '../deps.js'
import { commentCounts as approvedCommentCounts } from '../discussion/index.js'

// Approved-comment counts live on discussion_threads and belong to the
// discussion module: content asks its index.ts and never reads its tables.
export function commentCounts(deps: Pick<Deps, 'db'>, articleIds: number[]): Promise<Map<number, number>> {
  return approvedCommentCounts(deps, articleIds)
}
