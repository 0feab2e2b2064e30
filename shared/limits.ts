/** Bounds shared by client and server: the client refuses early what the server would refuse. */
export const LIMITS = {
  /** Largest socket frame either side accepts, in bytes. */
  maxFrameBytes: 256 * 1024,
  /** Longest text message, in characters (UTF-16 code units). */
  maxMessageChars: 8000,
  /** Largest page of messages one catch-up or history reply carries. */
  maxPageSize: 500,
  minPasswordChars: 8,
  maxPasswordChars: 200,
  maxUsernameChars: 32,
  maxDisplayNameChars: 64,
  maxTitleChars: 64,
  maxAnnouncementChars: 2000,
  /** Members of one group, owner included. */
  maxGroupMembers: 500,
  /** Users one `groups.create` / `groups.invite` adds. */
  maxInvitesPerRequest: 100,
  maxMentions: 50,
  maxDistinctReactions: 50,
  maxReplyPreviewChars: 200,
  maxDeviceNameChars: 100,
  /** Conversations one `messages.forward` sends to. */
  maxForwardTargets: 20,
  /** How long a sender may recall their own message, unless the server is configured otherwise. */
  defaultRecallWindowMs: 2 * 60 * 1000,
  /** How long a typing indicator lasts without a renewal. */
  typingTtlMs: 6000,
  /** Largest upload the server accepts unless configured otherwise (MAGPIE_MAX_UPLOAD_BYTES). */
  defaultMaxUploadBytes: 100 * 1024 * 1024,
} as const;
