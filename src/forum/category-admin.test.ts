import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { forumTestApp, hidden, type ForumTestApp } from './fixtures.js'

let ipSeq = 0
const freshIp = () => `203.0.113.${10 + ipSeq++}`

for (const dialect of testDialects()) {
  describe(`forum categories admin on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    const guest = () => { const a = t.agent(); a.ip = freshIp(); return a }
    const audit = (action: string) => t.deps.db.selectFrom('audit_log').select(['detail', 'subject_id']).where('action', '=', action).orderBy('id', 'desc').execute()

    test('only admins reach the page; the staff bar links it for admins only', async () => {
      const editor = await t.signedIn('editor')
      assert.equal((await editor.get('/admin/forum/categories')).statusCode, 403)
      assert.doesNotMatch((await editor.get('/forum')).body, /href="\/admin\/forum\/categories"/)
      const admin = await t.signedIn('admin')
      const page = await admin.get('/admin/forum/categories')
      assert.equal(page.statusCode, 200)
      assert.match((await admin.get('/forum')).body, /href="\/admin\/forum\/categories">Forum categories<\/a>/)
    })

    test('an admin adds a category (slug from the name), bad input comes back 422 with the typed values, a taken slug is refused; all audited', async () => {
      const admin = await t.signedIn('admin', 'Ada Admin')
      await admin.get('/admin/forum/categories')
      const bad = await admin.post('/admin/forum/categories', { name: '', slug: 'Bad Slug!', description: 'Typed <b>text</b>', position: 'x', guest_policy: 'replies' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /Enter a name\./)
      assert.match(bad.body, /Use lower-case letters, digits and single hyphens/)
      assert.match(bad.body, /Enter a whole number from 0 to 9999/)
      assert.match(bad.body, /Typed &lt;b>text&lt;\/b><\/textarea>|Typed &lt;b&gt;text&lt;\/b&gt;<\/textarea>/)
      assert.match(bad.body, /value="replies" checked/)

      const name = `Diet and hair ${dialect}`
      assert.equal(redirectTarget(await admin.post('/admin/forum/categories', { name, slug: '', description: 'Food, iron, vitamin D.', position: '7', guest_policy: 'replies', hold_first: '1' })), '/admin/forum/categories')
      const slug = `diet-and-hair-${dialect}`
      const row = await t.deps.db.selectFrom('forum_categories').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()
      assert.equal(row.name, name)
      assert.equal(row.position, 7)
      assert.equal(row.guest_policy, 'replies')
      assert.equal(row.hold_first_guest_posts, 1)
      const list = await admin.get('/admin/forum/categories')
      assert.match(list.body, new RegExp(`/forum/c/${slug}`))
      assert.match(list.body, /Replies only; first posts held/)
      assert.equal((await t.agent().get(`/forum/c/${slug}`)).statusCode, 200)

      const taken = await admin.post('/admin/forum/categories', { name: 'Another', slug, guest_policy: 'topics' })
      assert.equal(taken.statusCode, 422)
      assert.match(taken.body, /already uses the address/)
      assert.match(taken.body, /value="Another"/)

      const [entry] = await audit('forum.category.create')
      assert.equal(entry.subject_id, String(row.id))
      assert.match(entry.detail, /guests may only reply; first guest posts held/)
    })

    test('a policy change takes effect for guests at once: a read-only category refuses a guest reply with a 403 page that keeps the text', async () => {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Week 12 photos', body: 'Compare with week 1.' }))
      const g = guest()
      redirectTarget(await t.reply(g, path, { body: 'Looks thicker at the crown.', name: 'Gale Guest' }))

      // The guest has the reply form open while the admin closes the category to guests.
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      const open = await g.get(path)
      const admin = await t.signedIn('admin')
      const edit = await admin.get(`/admin/forum/categories/${cat.id}`)
      assert.equal(edit.statusCode, 200)
      assert.match(edit.body, /value="topics" checked/)
      const bad = await admin.post(`/admin/forum/categories/${cat.id}`, { name: 'Renamed', description: 'Kept', position: '-2', guest_policy: 'read' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /value="Renamed"/)
      assert.equal(redirectTarget(await admin.post(`/admin/forum/categories/${cat.id}`, { name: 'Renamed', description: 'Kept', position: '2', guest_policy: 'read' })), '/admin/forum/categories')
      const row = await t.deps.db.selectFrom('forum_categories').selectAll().where('id', '=', cat.id).executeTakeFirstOrThrow()
      assert.equal(row.guest_policy, 'read')
      assert.equal(row.hold_first_guest_posts, 0, 'an unticked box turns holding off')
      const [entry] = await audit('forum.category.update')
      assert.match(entry.detail, /name “Category \d+” → “Renamed”; description; (position \d+ → 2; )?guests: guests may start topics and reply → guests may only read/)

      assert.match((await guest().get(path)).body, /Guests can read this category; replying here needs an account/)
      t.clock.advance(5_000)
      const refused = await g.post(`/forum/t/${path.split('/')[3]}/reply`, { body: 'One more **update**.', name: 'Gale Guest', stamp: hidden(open.body, 'stamp'), address: '', reply_to: '' })
      assert.equal(refused.statusCode, 403)
      assert.match(refused.body, /Guests can’t post here/)
      assert.match(refused.body, /Guests can read this category but not post in it\./)
      assert.match(refused.body, /<textarea id="kept-body" readonly[^>]*>One more \*\*update\*\*\.<\/textarea>/)
      assert.equal((await guest().get(`/forum/c/${cat.slug}/new`)).statusCode, 403)

      // Back to replies only: the same guest may reply again, but not start a topic.
      await admin.post(`/admin/forum/categories/${cat.id}`, { name: 'Renamed', position: '2', guest_policy: 'replies' })
      redirectTarget(await t.reply(g, path, { body: 'Replies are open again.', name: 'Gale Guest' }))
      const other = guest()
      const topicPage = await other.get(`/forum/c/${cat.slug}/new`)
      assert.equal(topicPage.statusCode, 403)
    })
  })
}
