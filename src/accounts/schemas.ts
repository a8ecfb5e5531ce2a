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

/** Where to go after signing in (validated again by safeNext); anything odd is dropped, not refused. */
export const NextQuery = z.object({ next: z.string().max(2000).optional().catch(undefined) }).catch({})

/** Only same-site paths may follow sign-in: no open redirect. */
export function safeNext(next: string | undefined, fallback = '/admin'): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : fallback
}

const email = z.string().trim().toLowerCase().min(1, 'Enter your email address.').max(254, 'That email address is too long.').pipe(z.email('Enter a valid email address, like name@example.com.'))
const newPassword = z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1000, 'That password is too long.')

export const MAX_DISPLAY_NAME = 40

// A display name is shown beside every post: letters (any script), digits,
// spaces and a little punctuation, starting and ending with a letter or digit,
// so nobody is "   " or "----" or a URL.
export const DisplayName = z.string()
  .transform((s) => s.normalize('NFKC').replace(/\s+/g, ' ').trim())
  .pipe(z.string()
    .min(1, 'Enter a display name.')
    .min(2, 'Use at least 2 characters for your display name.')
    .max(MAX_DISPLAY_NAME, `Keep your display name to ${MAX_DISPLAY_NAME} characters.`)
    .regex(/^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N} ._'’-]*[\p{L}\p{M}\p{N}])?$/u, 'Use letters, numbers, spaces and . _ - \' only, starting and ending with a letter or number.'))

export const RegisterFields = z.object({
  name: DisplayName,
  email,
  password: newPassword,
  website: z.string().optional(), // honeypot: people never see it
  stamp: z.string().optional(),
  _csrf: z.string().optional(),
})

export const ForgotFields = z.object({ email, _csrf: z.string().optional() })

export const ResetFields = z.object({
  password: newPassword,
  confirm: z.string(),
  _csrf: z.string().optional(),
}).refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' })

export const DeleteAccountFields = z.object({
  password: z.string().min(1, 'Enter your password to confirm.').max(1000),
  _csrf: z.string().optional(),
})

export const BackField = z.object({ back: z.string().optional(), _csrf: z.string().optional() })

/** Why /account/check-email is shown; anything else reads as registration. */
export const CheckEmailQuery = z.object({ for: z.enum(['register', 'reset']).catch('register') }).catch({ for: 'register' as const })

export const TokenParam = z.object({ token: z.string().regex(/^[\w-]{20,100}$/) })

export const AddStaffFields = z.object({
  name: z.string().trim().min(1, 'Enter their name.').max(100, 'Keep the name under 100 characters.'),
  email: z.string().trim().toLowerCase().min(1, 'Enter their email address.').pipe(z.email('Enter a valid email address, like name@example.com.')),
  role: z.enum(['admin', 'editor', 'moderator', 'shop_manager'], { error: 'Choose a role.' }),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1000, 'That password is too long.'),
  _csrf: z.string().optional(),
})

export const ChangeAccountFields = z.object({
  change: z.enum(['role', 'disable', 'enable']),
  role: z.enum(['admin', 'editor', 'moderator', 'shop_manager']).optional(),
  _csrf: z.string().optional(),
})

export const ChangePasswordFields = z.object({
  current: z.string().min(1, 'Enter your current password.').max(1000),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1000, 'That password is too long.'),
  confirm: z.string(),
  _csrf: z.string().optional(),
}).refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two new passwords do not match.' })

export const UserIdParam = z.object({ id: z.coerce.number().int().positive() })
