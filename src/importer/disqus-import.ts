import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { findUserByEmail } from '../accounts/index.js'
import { articleForComments } from '../content/index.js'
import { importComment, importCommentThread, updateImportedComment, type PostStatus } from '../discussion/index.js'
import { readDisqus, type DisqusPost, type DisqusThread } from './disqus-reader.js'
import type { ReadInput, ReadProgress } from './xml-records.js'
import { findMapped, findMappedAnySite, putMapped, type MapKey } from './queries.js'
import { ImportReport } from './report.js'
import { convertWpComment } from './wp-body.js'
import { createHash } from 'node:crypto'
import { redirectTarget } from '../redirects/index.js'
import { usableEmail } from './wp-text.js'
import { runSteps, type InTx } from './steps.js'

// A Disqus export: its threads are matched to articles already here (moved in
// from WordPress, or written in Crown) by the page they were on, and its posts
// become those articles' comments, threaded, with deleted and spam posts kept
// as such. Mapped like the WordPress import, so a second run changes nothing.

const SOURCE = 'disqus'

export interface DisqusImportOptions {
  dryRun?: boolean
  progress?: ReadProgress
  onRecord?: () => void
  /** The Crown address an old URL now answers at (the redirects table), for threads whose page moved. */
  resolveOldUrl?: (db: Db, url: string) => Promise<string | null>
}

interface Subject { id: number; slug: string; title: string; authorId: number; commentsEnabled: boolean }

export async function importDisqus(deps: Deps, input: ReadInput, given: DisqusImportOptions = {}): Promise<{ report: ImportReport }> {
  const report = new ImportReport()
  const opts: DisqusImportOptions = { resolveOldUrl: redirectTarget, ...given }
  await runSteps(deps, opts.dryRun ?? false, (inTx) => run(deps, input, opts, report, inTx))
  return { report }
}


async function run(deps: Deps, input: ReadInput, opts: DisqusImportOptions, report: ImportReport, inTx: InTx) {
  /** Disqus thread id → the article, or null when no article matched. */
  const threads = new Map<string, Subject | null>()
  let forum = ''
  for await (const r of readDisqus(input, { progress: opts.progress })) {
    if (r.kind === 'category') forum ||= r.forum
    else if (r.kind === 'thread') {
      forum ||= r.forum
      const subject = await inTx((db) => matchThread(db, r, opts))
      threads.set(r.dsqId, subject)
      if (subject) report.count('thread', 'imported')
      else {
        report.count('thread', 'skipped')
        report.warn(r.line, `thread ${r.dsqId} “${r.title}”`, `no article here matches ${r.link || r.identifier || 'its page'}; its comments are not imported.`)
      }
    } else {
      const subject = threads.get(r.threadDsqId)
      if (!subject) {
        report.count('comment', 'skipped')
        if (subject === undefined) report.warn(r.line, `post ${r.dsqId}`, `belongs to thread ${r.threadDsqId}, which is not in the export.`)
      } else {
        await inTx((db) => importPost(deps, db, forum, subject, r, report))
      }
    }
    opts.onRecord?.()
  }
}

/** The article a thread was about: by WordPress id in its identifier, by its link's slug, or where its old link now leads. */
async function matchThread(db: Db, t: DisqusThread, opts: DisqusImportOptions): Promise<Subject | null> {
  const wpId = /^(\d+)\s/.exec(t.identifier)?.[1]
  if (wpId) {
    const mapped = (await findMappedAnySite(db, 'wordpress', 'post', wpId)) ?? (await findMappedAnySite(db, 'wordpress', 'page', wpId))
    if (mapped) {
      const a = await articleForComments(db, { id: mapped })
      if (a) return a
    }
  }
  let path: string
  try { path = new URL(t.link).pathname } catch { return null }
  const slug = /^\/([a-z0-9-]+)\/?$/.exec(path)?.[1]
  if (slug) {
    const a = await articleForComments(db, { slug })
    if (a) return a
  }
  const target = await opts.resolveOldUrl?.(db, t.link)
  const moved = target ? /^\/([a-z0-9-]+)$/.exec(target)?.[1] : undefined
  return moved ? articleForComments(db, { slug: moved }) : null
}

function postStatus(p: DisqusPost): PostStatus {
  return p.isSpam ? 'spam' : p.isDeleted ? 'trash' : 'approved'
}

async function importPost(deps: Deps, db: Db, forum: string, subject: Subject, p: DisqusPost, report: ImportReport) {
  const key: MapKey = { source: SOURCE, site: forum, kind: 'comment', sourceId: p.dsqId }
  const bodyMd = convertWpComment(p.message)
  const status = postStatus(p)
  const hash = createHash('sha256').update(JSON.stringify({ bodyMd, status, parent: p.parentDsqId, thread: p.threadDsqId })).digest('hex')
  const before = await findMapped(db, key)
  if (before) {
    if (before.hash === hash) return report.count('comment', 'unchanged')
    await updateImportedComment(deps, db, before.crownId, { bodyMd, status, at: new Date(p.createdAtUtc ?? deps.clock.now()) })
    await putMapped(db, key, before.crownId, hash, deps.clock.now())
    return report.count('comment', 'updated')
  }
  // A comment Disqus synced from WordPress ("wp_id=212") is already here if the WordPress import brought it.
  const wpComment = /^wp_id=(\d+)$/.exec(p.identifier)?.[1]
  if (wpComment && (await findMappedAnySite(db, 'wordpress', 'comment', wpComment)) !== null) {
    report.count('comment', 'skipped')
    report.warn(p.line, `post ${p.dsqId}`, `is WordPress comment ${wpComment}, already imported from the WordPress export.`)
    return
  }
  const parent = p.parentDsqId ? await findMapped(db, { ...key, sourceId: p.parentDsqId }) : undefined
  if (p.parentDsqId && !parent) report.warn(p.line, `post ${p.dsqId}`, `replies to ${p.parentDsqId}, which is not in the export; it is kept as a top-level comment.`)
  const at = new Date(p.createdAtUtc ?? deps.clock.now())
  const email = usableEmail(p.author.email)
  // A post by the address of an account here (the article's author, say) is theirs.
  const account = email ? await findUserByEmail(db, email) : undefined
  const commentSubject = { articleId: subject.id, slug: subject.slug, title: subject.title, authorUserId: subject.authorId, commentsEnabled: subject.commentsEnabled, path: `/${subject.slug}` }
  const thread = await importCommentThread(db, commentSubject, at)
  const post = await importComment(deps, db, thread, {
    subject: commentSubject,
    parentId: parent?.crownId ?? null,
    author: {
      userId: account && !account.disabled_at ? account.id : null,
      role: account && !account.disabled_at && account.role !== 'member' ? account.role : null,
      name: (p.author.name || p.author.username).trim().slice(0, 80) || 'Anonymous',
      email, url: null,
    },
    bodyMd, status, at,
  })
  await putMapped(db, key, post.id, hash, deps.clock.now())
  report.count('comment', 'imported')
}
