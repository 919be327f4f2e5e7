/** How close to the bottom, in CSS pixels, still counts as reading the newest message. */
export const AT_BOTTOM_PX = 24;

/**
 * Whether the log keeps following the newest message after a scroll event, from where the scroll left it.
 *
 * A scroll event is dispatched up to a frame after the scroll, and the log may have grown below in between: read on
 * its own, the step down that followed one message looks like a reader who stopped short of the bottom once the next
 * one has arrived, and the log stopped following (seen in about 1 chat in 7 of a quick back-and-forth). So only a
 * move up leaves the newest message; reaching the bottom comes back to it.
 */
export function keepsFollowing(
  following: boolean,
  scroll: { top: number; lastTop: number; scrollHeight: number; clientHeight: number },
): boolean {
  if (scroll.scrollHeight - scroll.top - scroll.clientHeight < AT_BOTTOM_PX) return true;
  if (scroll.top < scroll.lastTop) return false;
  return following;
}
