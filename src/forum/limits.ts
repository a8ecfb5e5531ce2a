// The forum's own rules, beside the engine's spam limits (discussion/limits.ts).
export const FORUM_LIMITS = {
  // A guest identity's posts wait for review (when its category says so)
  // until this many have been approved: then it has shown it is a person.
  trustedAfterApproved: 2,
  // A guest may fix a typo or take a post back while it is fresh; later
  // edits would change what others already replied to.
  editWindowMs: 30 * 60_000,
  maxTitleChars: 150,
  minTitleChars: 5,
  maxBodyChars: 20_000,
} as const
