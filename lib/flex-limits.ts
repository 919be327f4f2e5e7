/**
 * Twilio's documented limits for what a Flex web chat sends, in one place: the app holds visitors and site owners to
 * them, and the sandbox refuses anything past them, so a limit we overstep fails a test here before it fails in Flex.
 * Browser-safe: plain numbers and names.
 */

/** A message created over REST: "The content of the message, can be up to 1,600 characters long" (Messages API). */
export const REST_MESSAGE_BODY_MAX = 1600;
/** A message sent by a chat client: "Inbound: 32KB" (Conversations Limits, counted here in UTF-16 units). */
export const CLIENT_MESSAGE_BODY_MAX = 32 * 1024;
/** A conversation's FriendlyName: 256 characters (Conversations Limits; the Conversation resource's description). */
export const CONVERSATION_FRIENDLY_NAME_MAX = 256;
/** A participant's Identity: 256 characters (Conversations Limits). */
export const IDENTITY_MAX = 256;

/**
 * `attributes` JSON by resource (Conversations Limits): a conversation's 16 KB, a message's and a participant's
 * 4 KB. Twilio names no limit for a User's; the conversation's is taken, the largest it documents for attributes.
 */
export const ATTRIBUTES_MAX_BYTES = {
  conversation: 16 * 1024,
  message: 4 * 1024,
  participant: 4 * 1024,
  user: 16 * 1024,
} as const;
export type AttributesOwner = keyof typeof ATTRIBUTES_MAX_BYTES;

/**
 * Attachments on a Flex web chat ("File Attachments and API Limits", address type `web`): one file per message, each
 * at most 16,777,216 bytes, these extensions only, and "You cannot send both text and an image in the same message
 * (applies to all Flex Conversations channels)" — read strictly here: a message carries text or one file, never both.
 */
export const FLEX_WEB_ATTACHMENTS = {
  maxFilesPerMessage: 1,
  maxBytes: 16_777_216,
  extensions: ["jpg", "jpeg", "png", "amr", "mp3", "mp4", "pdf", "heic", "txt", "gif"],
} as const;

/** The MIME types of those extensions, as browsers and file sniffing name them. */
export const FLEX_WEB_ATTACHMENT_TYPES: Record<string, readonly string[]> = {
  "image/jpeg": ["jpg", "jpeg"],
  "image/png": ["png"],
  "image/gif": ["gif"],
  "image/heic": ["heic"],
  "audio/amr": ["amr"],
  "audio/mpeg": ["mp3"],
  "video/mp4": ["mp4"],
  "application/pdf": ["pdf"],
  "text/plain": ["txt"],
};
