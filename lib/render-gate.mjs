// Live chat before new pages. One Node process renders pages on one thread: a burst of page requests (a crowd
// opening the chat at once) would otherwise queue every chat message behind a second or more of rendering. The gate
// lets a few page renders run at a time, in arrival order, while the chat's own API (messages, the live stream,
// uploads) and static files go straight through. Used by server.mjs; a platform that runs the app its own way
// (Vercel) scales out instead.

/** Requests that never wait: the chat's API and build/static files (cheap, and what a live chat depends on). */
export function bypassesGate(url) {
  return (
    url.startsWith("/api/") ||
    url.startsWith("/_next/static/") ||
    /^\/(?:embed\.js|chat-icon\.svg|favicon\.ico)(?:\?|$)/.test(url)
  );
}

export class RenderGate {
  /**
   * @param {{ concurrency: number, maxWaiting: number, maxWaitMs: number }} limits
   *   concurrency: page renders at once; maxWaiting: requests that may queue (more are refused at once);
   *   maxWaitMs: how long one may queue before it is refused.
   */
  constructor({ concurrency, maxWaiting, maxWaitMs }) {
    this.concurrency = concurrency;
    this.maxWaiting = maxWaiting;
    this.maxWaitMs = maxWaitMs;
    this.running = 0;
    /** @type {{ start: () => void, timer: NodeJS.Timeout }[]} */
    this.waiting = [];
  }

  /**
   * Resolves with a `release` function once the request may render, or with null if it is refused (the queue is
   * full, or it waited too long). `release` must be called exactly once when the response has finished.
   * @returns {Promise<(() => void) | null>}
   */
  enter() {
    if (this.running < this.concurrency) return Promise.resolve(this.admit());
    if (this.waiting.length >= this.maxWaiting) return Promise.resolve(null);
    return new Promise((resolve) => {
      const entry = {
        start: () => resolve(this.admit()),
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          resolve(null);
        }, this.maxWaitMs),
      };
      this.waiting.push(entry);
    });
  }

  admit() {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.start();
      }
    };
  }
}
