import type { Migration } from 'kysely'
import * as platform from './2026-11-25T2300-create-platform.js'
import * as accounts from './2026-11-25T2301-create-accounts.js'
import * as content from './2026-11-25T2302-create-content.js'
import * as discussion from './2026-11-25T2303-create-discussion.js'
import * as discussionAuthorRole from './2026-11-25T2320-discussion-author-role.js'
import * as forum from './2026-11-26T0010-forum.js'
import * as search from './2026-11-26T0030-create-search.js'
import * as forumFlags from './2026-11-26T0050-forum-flags.js'
import * as forumBans from './2026-11-26T0051-forum-bans.js'
import * as forumRevisions from './2026-11-26T0052-forum-revisions.js'
import * as forumReads from './2026-11-26T0060-forum-reads.js'
import * as forumStories from './2026-11-26T0040-forum-stories.js'
import * as accountTokens from './2026-11-26T0100-account-tokens.js'
import * as forumCountIncrements from './2026-11-26T0110-forum-count-increments.js'
import * as posterKeyIndexes from './2026-11-26T0120-poster-key-indexes.js'
import * as rateLimits from './2026-11-30T1700-rate-limits.js'
import * as searchDocumentCategories from './2026-11-30T1700-search-document-categories.js'
import * as shop from './2026-11-30T2200-create-shop.js'
import * as redirects from './2026-12-01T0600-redirects.js'
import * as contentImportFields from './2026-12-01T0605-content-import-fields.js'
import * as importMap from './2026-12-01T0610-import-map.js'
import * as importRuns from './2026-12-01T0700-import-runs.js'
import * as forumVisiblePostsIndex from './2026-12-01T1105-forum-visible-posts-index.js'
import * as discussionPostCards from './2026-12-01T1400-discussion-post-cards.js'
import * as discussionListFragments from './2026-12-01T1800-discussion-list-fragments.js'
import * as contentVersion from './2026-12-02T0000-content-version.js'
import * as forumTopicLists from './2026-12-02T0010-forum-topic-lists.js'

// Listed by hand so the set is fixed at build time (no directory scan that a
// stray file could join). Names sort in the order they must run.
export const migrations: Record<string, Migration> = {
  '2026-11-25T2300-create-platform': platform,
  '2026-11-25T2301-create-accounts': accounts,
  '2026-11-25T2302-create-content': content,
  '2026-11-25T2303-create-discussion': discussion,
  '2026-11-25T2320-discussion-author-role': discussionAuthorRole,
  '2026-11-26T0010-forum': forum,
  '2026-11-26T0030-create-search': search,
  '2026-11-26T0050-forum-flags': forumFlags,
  '2026-11-26T0051-forum-bans': forumBans,
  '2026-11-26T0052-forum-revisions': forumRevisions,
  '2026-11-26T0040-forum-stories': forumStories,
  '2026-11-26T0060-forum-reads': forumReads,
  '2026-11-26T0100-account-tokens': accountTokens,
  '2026-11-26T0110-forum-count-increments': forumCountIncrements,
  '2026-11-26T0120-poster-key-indexes': posterKeyIndexes,
  '2026-11-30T1700-rate-limits': rateLimits,
  '2026-11-30T1700-search-document-categories': searchDocumentCategories,
  '2026-11-30T2200-create-shop': shop,
  '2026-12-01T0600-redirects': redirects,
  '2026-12-01T0605-content-import-fields': contentImportFields,
  '2026-12-01T0610-import-map': importMap,
  '2026-12-01T0700-import-runs': importRuns,
  '2026-12-01T1105-forum-visible-posts-index': forumVisiblePostsIndex,
  '2026-12-01T1400-discussion-post-cards': discussionPostCards,
  '2026-12-01T1800-discussion-list-fragments': discussionListFragments,
  '2026-12-02T0000-content-version': contentVersion,
  '2026-12-02T0010-forum-topic-lists': forumTopicLists,
}
