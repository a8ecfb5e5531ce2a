import type { Algorithm } from '@node-rs/argon2'

// Loaded on first use: a process serving pages never hashes a password, and
// the native module costs a few MB of memory in each.
const argon2 = () => import('@node-rs/argon2')

const ARGON2ID = 2 as Algorithm // Algorithm.Argon2id (a const enum, so not importable as a value)

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 25 ms here,
// slow enough to make offline guessing expensive, quick enough for sign-in.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const MIN_PASSWORD_LENGTH = 10

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, OPTIONS)
}

// Verified against when the email is unknown, so a miss costs as long as a hit
// and response time does not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password-' + Math.random())
    const { verify } = await argon2()
    await verify(await dummyHash, password).catch(() => false)
    return false
  }
  const { verify } = await argon2()
  return verify(passwordHash, password).catch(() => false)
}
