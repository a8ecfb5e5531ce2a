import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type Agent, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { createUser } from './index.js'
import { ATTEMPT_LIMITS } from './attempts.js'

const PASSWORD = 'correct horse battery'
let ipSeq = 1

for (const dialect of testDialects()) {
  describe(`password attempt limits on ${dialect}`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    const agent = () => { const a = t.agent(); a.ip = `198.51.100.${ipSeq++}`; return a }
    const signInAs = async (a: Agent, email: string, password: string) => a.post('/sign-in', { email, password })

    test('40 guesses from four addresses at one account meet the per-account limit', async () => {
      await createUser(t.deps, { email: 'target@example.com', name: 'Target Editor', password: PASSWORD, role: 'editor' })
      const guessers = [agent(), agent(), agent(), agent()]
      for (const g of guessers) await g.get('/sign-in')
      const codes: number[] = []
      for (let i = 0; i < 40; i++) codes.push((await signInAs(guessers[i % 4], 'Target@Example.com', `guess number ${i}`)).statusCode)
      const allowed = ATTEMPT_LIMITS.perAccount.limit
      assert.deepEqual(codes.slice(0, allowed), Array(allowed).fill(422), 'wrong passwords, within the limit')
      assert.deepEqual(codes.slice(allowed), Array(40 - allowed).fill(429), 'then refused, whichever address asks')

      // The refusal is a usable form: the typed email kept, a fresh token, and when to come back.
      const late = agent()
      await late.get('/sign-in')
      const refused = await signInAs(late, 'target@example.com', PASSWORD)
      assert.equal(refused.statusCode, 429, 'even the right password waits: a guesser learns nothing')
      const wait = Number(refused.headers['retry-after'])
      assert.ok(wait > 0 && wait <= ATTEMPT_LIMITS.perAccount.windowMs / 1000, `Retry-After ${wait}`)
      assert.match(refused.body, /Too many attempts/)
      assert.match(refused.body, /value="target@example.com"/)
      assert.match(refused.body, /name="_csrf" value="[^"]+"/)
      assert.match(refused.body, /<form method="post" action="\/sign-in"/)

      t.clock.advance(wait * 1000)
      assert.equal(redirectTarget(await signInAs(late, 'target@example.com', PASSWORD)), '/admin')
    })

    test('one address guessing across many accounts meets the per-IP limit', async () => {
      const a = agent()
      await a.get('/sign-in')
      const codes: number[] = []
      for (let i = 0; i <= ATTEMPT_LIMITS.perIp.limit; i++) codes.push((await signInAs(a, `nobody${i}@example.com`, 'a guess at it')).statusCode)
      assert.deepEqual(codes.slice(0, -1), Array(ATTEMPT_LIMITS.perIp.limit).fill(422))
      assert.equal(codes.at(-1), 429)
      // Another address is unaffected.
      const b = agent()
      await b.get('/sign-in')
      assert.equal((await signInAs(b, 'nobody0@example.com', 'a guess at it')).statusCode, 422)
    })

    test('the current-password check of /account/password is limited per account', async () => {
      const member = await t.signedIn('member')
      member.ip = `198.51.100.${ipSeq++}`
      await member.get('/account/password')
      const hashOf = async () => (await t.deps.db.selectFrom('users').select('password_hash').where('id', '=', member.userId).executeTakeFirstOrThrow()).password_hash
      const before = await hashOf()
      const change = (current: string) => member.post('/account/password', { current, password: 'a brand new passphrase', confirm: 'a brand new passphrase' })
      for (let i = 0; i < ATTEMPT_LIMITS.perAccount.limit; i++) assert.equal((await change(`wrong ${i}`)).statusCode, 422)
      const refused = await change(PASSWORD)
      assert.equal(refused.statusCode, 429)
      assert.ok(Number(refused.headers['retry-after']) > 0)
      assert.match(refused.body, /Too many attempts/)
      assert.match(refused.body, /name="current"/, 'the form is still there')
      assert.equal(await hashOf(), before, 'the password was not changed')
    })

    test('the password check of /account/delete is limited per account', async () => {
      const member = await t.signedIn('member')
      member.ip = `198.51.100.${ipSeq++}`
      await member.get('/account')
      for (let i = 0; i < ATTEMPT_LIMITS.perAccount.limit; i++) assert.equal((await member.post('/account/delete', { password: `wrong ${i}` })).statusCode, 422)
      const refused = await member.post('/account/delete', { password: PASSWORD })
      assert.equal(refused.statusCode, 429)
      assert.ok(Number(refused.headers['retry-after']) > 0)
      assert.match(refused.body, /Too many attempts/)
      const row = await t.deps.db.selectFrom('users').select('disabled_at').where('id', '=', member.userId).executeTakeFirstOrThrow()
      assert.equal(row.disabled_at, null, 'the account is still there')
    })

    test('setup attempts are limited per address too', async () => {
      // No admin yet (the harness makes none): setup is open. An address that
      // is taken answers 404, like a finished setup; each try still counts.
      await createUser(t.deps, { email: 'taken@example.com', name: 'Taken Editor', password: PASSWORD, role: 'editor' })
      const codes: number[] = []
      for (let i = 0; i <= ATTEMPT_LIMITS.perAccount.limit; i++) {
        const a = agent()
        await a.get('/setup')
        codes.push((await a.post('/setup', { name: 'Mallory', email: 'taken@example.com', password: 'a long enough passphrase' })).statusCode)
      }
      assert.deepEqual(codes.slice(0, -1), Array(ATTEMPT_LIMITS.perAccount.limit).fill(404))
      assert.equal(codes.at(-1), 429)
    })
  })
}
