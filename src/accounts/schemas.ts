import { z } from 'zod'
import { MIN_PASSWORD_LENGTH } from './passwords.js'

export const SignInFields = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address, like name@example.com.')),
  password: z.string().min(1, 'Enter your password.').max(1000),
  next: z.string().optional(),
  _csrf: z.string().optional(),
})

export const SetupFields = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'Keep your name under 100 characters.'),
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address, like name@example.com.')),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1000, 'That password is too long.'),
  _csrf: z.string().optional(),
})

/** Only same-site paths may follow sign-in: no open redirect. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/admin'
}

export const AddStaffFields = z.object({
  name: z.string().trim().min(1, 'Enter their name.').max(100, 'Keep the name under 100 characters.'),
  email: z.string().trim().toLowerCase().min(1, 'Enter their email address.').pipe(z.email('Enter a valid email address, like name@example.com.')),
  role: z.enum(['admin', 'editor', 'moderator'], { error: 'Choose a role.' }),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1000, 'That password is too long.'),
  _csrf: z.string().optional(),
})

export const ChangeAccountFields = z.object({
  change: z.enum(['role', 'disable', 'enable']),
  role: z.enum(['admin', 'editor', 'moderator']).optional(),
  _csrf: z.string().optional(),
})

export const ChangePasswordFields = z.object({
  current: z.string().min(1, 'Enter your current password.').max(1000),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1000, 'That password is too long.'),
  confirm: z.string(),
  _csrf: z.string().optional(),
}).refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two new passwords do not match.' })

export const UserIdParam = z.object({ id: z.coerce.number().int().positive() })
