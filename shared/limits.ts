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
} as const;
