import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { updateImportedComment, type PostStatus } from '../discussion/index.js'
import { importForumCategory, importForumPost, importTopic, topicAddress } from '../forum/index.js'
import type { WxrItem } from './wxr-reader.js'
import { findMapped, putMapped, type MapKey } from './queries.js'
import type { ImportReport } from './report.js'
import { oldPath } from './redirect-rows.js'
import { convertWpComment } from './wp-body.js'
import type { InTx } from './steps.js'
import { decodeEntities, decodeSlug, hashOf, plainText, usableEmail, usableUrl } from './wp-text.js'
import { accountFor, localToUtc, now, SOURCE, type State, type WordPressImportOptions } from './wordpress-state.js'

// bbPress, as a WordPress export carries it: forums, topics and replies.

const FORUM_STATES: Record<string, PostStatus> = { publish: 'approved', closed: 'approved', pending: 'pending', spam: 'spam', trash: 'trash' }

const metaOf = (item: WxrItem, key: string) => item.meta.find((m) => m.key === key)?.value ?? ''
const idMeta = (item: WxrItem, key: string) => {
  const n = Number(metaOf(item, key))
  return Number.isInteger(n) && n > 0 ? n : null
}

/**
 * bbPress's forums become forum categories, its topics topics (the topic's
 * text is the opening post) and its replies posts, threaded by reply-to.
 * A topic or reply in a transaction of its own; each mapped like an article.
 */
export async function importBbPress(deps: Deps, st: State, item: WxrItem, report: ImportReport, inTx: InTx, opts: WordPressImportOptions) {
  const kind = item.postType === 'forum' ? 'forum' : item.postType === 'topic' ? 'topic' : 'reply'
  const label = `${kind} ${item.wpId}${kind === 'reply' ? '' : ` “${decodeEntities(item.title)}”`}`
  const key: MapKey = { source: SOURCE, site: st.site, kind, sourceId: String(item.wpId) }
  const hash = hashOf(item, ['line'])
  await inTx(async (db) => {
    const before = await findMapped(db, key)
    if (before?.hash === hash) {
      report.count(kind, 'unchanged')
      if (kind === 'forum') st.forums.set(item.wpId, before.crownId)
      return
    }
    if (kind === 'forum') {
      const made = await importForumCategory(db, { slug: decodeSlug(item.slug), name: decodeEntities(item.title), description: plainText(item.content) }, now(deps))
      st.forums.set(item.wpId, made.id)
      await putMapped(db, key, made.id, hash, deps.clock.now())
      report.count(kind, before ? 'updated' : 'imported')
      const path = oldPath(st.base, item.link)
      if (path) await opts.saveRedirects?.(db, [{ from: path, to: `/forum/c/${made.slug}` }])
      return
    }
    const status = FORUM_STATES[item.status]
    if (!status) {
      report.count(kind, 'skipped')
      report.warn(item.line, label, `has the state “${item.status}”, which a forum post cannot have here; not imported.`)
      return
    }
    const author = await forumAuthor(deps, db, st, item, report, opts)
    const at = new Date(item.postDateUtc ?? localToUtc(st, item.postDateLocal) ?? now(deps))
    const bodyMd = convertWpComment(item.content)
    if (kind === 'topic') {
      const forumId = item.parentId ?? idMeta(item, '_bbp_forum_id')
      const categoryId = forumId !== null ? st.forums.get(forumId) ?? (await findMapped(db, { ...key, kind: 'forum', sourceId: String(forumId) }))?.crownId : undefined
      if (categoryId === undefined) {
        report.count(kind, 'skipped')
        report.warn(item.line, label, `belongs to forum ${forumId ?? '(none)'}, which is not in the export; not imported.`)
        return
      }
      const topic = await importTopic(db, { existingId: before?.crownId, categoryId, title: decodeEntities(item.title), createdAt: at.toISOString(), closed: item.status === 'closed' })
      st.topicPaths.set(topic.id, topic.path)
      const openingKey: MapKey = { ...key, kind: 'topic-opening' }
      const opening = await findMapped(db, openingKey)
      if (opening) await updateImportedComment(deps, db, opening.crownId, { bodyMd, status, at })
      else await putMapped(db, openingKey, await importForumPost(deps, db, topic.id, { parentId: null, author, bodyMd, status, at }), hash, deps.clock.now())
      await putMapped(db, key, topic.id, hash, deps.clock.now())
      report.count(kind, before ? 'updated' : 'imported')
      const path = oldPath(st.base, item.link)
      if (path) await opts.saveRedirects?.(db, [{ from: path, to: topic.path }])
      return
    }
    const topicWpId = item.parentId ?? idMeta(item, '_bbp_topic_id')
    const topic = topicWpId !== null ? await findMapped(db, { ...key, kind: 'topic', sourceId: String(topicWpId) }) : undefined
    if (!topic) {
      report.count(kind, 'skipped')
      report.warn(item.line, label, `answers topic ${topicWpId ?? '(none)'}, which is not in the export (or not imported); not imported.`)
      return
    }
    if (before) {
      await updateImportedComment(deps, db, before.crownId, { bodyMd, status, at })
      await putMapped(db, key, before.crownId, hash, deps.clock.now())
      report.count(kind, 'updated')
      return
    }
    const replyTo = idMeta(item, '_bbp_reply_to')
    const parent = replyTo !== null ? await findMapped(db, { ...key, kind: 'reply', sourceId: String(replyTo) }) : undefined
    if (replyTo !== null && !parent) report.warn(item.line, label, `replies to ${replyTo}, which is not in the export; it is kept under the topic.`)
    const id = await importForumPost(deps, db, topic.crownId, { parentId: parent?.crownId ?? null, author, bodyMd, status, at })
    await putMapped(db, key, id, hash, deps.clock.now())
    report.count(kind, 'imported')
    const path = oldPath(st.base, item.link)
    const topicPath = st.topicPaths.get(topic.crownId) ?? await topicAddress(db, topic.crownId)
    if (path && topicPath) await opts.saveRedirects?.(db, [{ from: path, to: topicPath }])
  })
}

/** A forum post's author: an account for a registered user, else bbPress's anonymous name and address. */
async function forumAuthor(deps: Deps, db: Db, st: State, item: WxrItem, report: ImportReport, opts: WordPressImportOptions) {
  if (item.creator) {
    const who = await accountFor(deps, db, st, item.creator, 'member', report, opts, item.line)
    const rec = st.authorRecords.get(item.creator)
    return { userId: who.userId, role: who.role === 'member' ? null : who.role, name: rec?.name ?? item.creator, email: null, url: null }
  }
  return {
    userId: null, role: null,
    name: decodeEntities(metaOf(item, '_bbp_anonymous_name')).trim().slice(0, 80) || 'Anonymous',
    email: usableEmail(metaOf(item, '_bbp_anonymous_email')),
    url: usableUrl(metaOf(item, '_bbp_anonymous_website')),
  }
}

