import "server-only";
import { parse, toSeconds } from "iso8601-duration";
import { invalidParameter } from "@/lib/sandbox/errors";
import { twilioDate, type ConversationState, type SandboxStore } from "@/lib/sandbox/store";

/**
 * Conversation timers (`Timers.Inactive`, `Timers.Closed`), as Twilio's "States and Timers in Conversations" guide
 * describes them: ISO 8601 durations; the conversation moves to `inactive`, then `closed`, when no message has been
 * added for that long; a new message restarts both and makes an inactive conversation active again; closed is final.
 * Minimums from the Conversation resource's OpenAPI description: 1 minute (inactive), 10 minutes (closed).
 *
 * `speed` only exists for tests and demos (SANDBOX_CLOCK_SPEED): 600 makes ten minutes pass in one second, so an
 * abandoned chat can be seen closing without waiting. The minimums still apply in Twilio's units.
 */

const MIN_SECONDS = { inactive: 60, closed: 600 } as const;

type TimerRow = {
  conversation_sid: string;
  inactive: string | null;
  closed: string | null;
  /** Epoch milliseconds (Twilio shows them to the second; a fast test clock needs more). */
  date_inactive: number | null;
  date_closed: number | null;
};

const SCHEMA = `
create table if not exists conversation_timers (
  conversation_sid text primary key references conversations(sid) on delete cascade,
  inactive text, closed text, date_inactive integer, date_closed integer);
`;

export function durationSeconds(value: string, which: "inactive" | "closed"): number {
  let seconds: number;
  try {
    seconds = toSeconds(parse(value));
  } catch {
    throw invalidParameter(
      `Invalid parameter Timers.${which === "inactive" ? "Inactive" : "Closed"}: ${value} is not an ISO 8601 duration`,
    );
  }
  if (!Number.isFinite(seconds) || seconds < MIN_SECONDS[which]) {
    throw invalidParameter(
      `Invalid parameter Timers.${which === "inactive" ? "Inactive" : "Closed"}: the minimum is ${MIN_SECONDS[which] / 60} minute${which === "inactive" ? "" : "s"}`,
    );
  }
  return seconds;
}

export class ConversationTimers {
  private readonly handles = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly store: SandboxStore,
    /** Moves a conversation to a state, with the events that go with it (Sandbox.setConversationState). */
    private readonly transition: (conversationSid: string, state: ConversationState) => void,
    private readonly speed = 1,
  ) {
    store.db.exec(SCHEMA);
    // Timers survive a restart: what fell due while the process was down happens now.
    for (const row of store.db.prepare("select * from conversation_timers").all() as TimerRow[]) this.schedule(row);
  }

  /** Sets (or clears, with "") the timers of a conversation, counting from now. */
  set(conversationSid: string, timers: { inactive?: string; closed?: string }): void {
    const current = this.get(conversationSid);
    const next = {
      inactive: timers.inactive === undefined ? (current?.inactive ?? null) : timers.inactive || null,
      closed: timers.closed === undefined ? (current?.closed ?? null) : timers.closed || null,
    };
    if (next.inactive) durationSeconds(next.inactive, "inactive");
    if (next.closed) durationSeconds(next.closed, "closed");
    this.store.db
      .prepare(
        "insert into conversation_timers (conversation_sid, inactive, closed) values (?, ?, ?) on conflict (conversation_sid) do update set inactive = excluded.inactive, closed = excluded.closed",
      )
      .run(conversationSid, next.inactive, next.closed);
    this.touch(conversationSid);
  }

  /** Activity (a new message): both timers count again from now. */
  touch(conversationSid: string, now = Date.now()): void {
    const row = this.get(conversationSid);
    if (!row || (!row.inactive && !row.closed)) return;
    const at = (duration: string | null, which: "inactive" | "closed") =>
      duration ? Math.round(now + (durationSeconds(duration, which) * 1000) / this.speed) : null;
    const next: TimerRow = {
      ...row,
      date_inactive: at(row.inactive, "inactive"),
      date_closed: at(row.closed, "closed"),
    };
    this.store.db
      .prepare("update conversation_timers set date_inactive = ?, date_closed = ? where conversation_sid = ?")
      .run(next.date_inactive, next.date_closed, conversationSid);
    this.schedule(next);
  }

  /** The Conversation resource's `timers`: the dates of the pending transitions (empty when none). */
  json(conversationSid: string): Record<string, string> {
    const row = this.get(conversationSid);
    const timers: Record<string, string> = {};
    if (row?.date_inactive) timers.date_inactive = twilioDate(new Date(row.date_inactive));
    if (row?.date_closed) timers.date_closed = twilioDate(new Date(row.date_closed));
    return timers;
  }

  /** Closed is final: nothing is left to time. */
  clear(conversationSid: string): void {
    clearTimeout(this.handles.get(conversationSid));
    this.handles.delete(conversationSid);
    this.store.db
      .prepare("update conversation_timers set date_inactive = null, date_closed = null where conversation_sid = ?")
      .run(conversationSid);
  }

  stop(): void {
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }

  private get(conversationSid: string): TimerRow | undefined {
    return this.store.db
      .prepare("select * from conversation_timers where conversation_sid = ?")
      .get(conversationSid) as TimerRow | undefined;
  }

  private schedule(row: TimerRow): void {
    clearTimeout(this.handles.get(row.conversation_sid));
    this.handles.delete(row.conversation_sid);
    const dates = [row.date_inactive, row.date_closed].filter((d): d is number => d !== null);
    if (dates.length === 0) return;
    const wait = Math.max(0, Math.min(...dates) - Date.now());
    const handle = setTimeout(() => this.due(row.conversation_sid), Math.min(wait, 2 ** 31 - 1));
    handle.unref?.();
    this.handles.set(row.conversation_sid, handle);
  }

  private due(conversationSid: string): void {
    this.handles.delete(conversationSid);
    const row = this.get(conversationSid);
    if (!row) return;
    const now = Date.now();
    const state = (
      this.store.db.prepare("select state from conversations where sid = ?").get(conversationSid) as
        { state: ConversationState } | undefined
    )?.state;
    if (!state || state === "closed") return this.clear(conversationSid);
    // In Twilio's timeline the inactive transition always comes first (its timer is the shorter); when both fell due
    // at once (a late callback, a restart), both happen, in that order, each with its webhook.
    if (row.date_inactive && row.date_inactive <= now) {
      this.store.db
        .prepare("update conversation_timers set date_inactive = null where conversation_sid = ?")
        .run(conversationSid);
      if (state === "active") this.transition(conversationSid, "inactive");
    }
    if (row.date_closed && row.date_closed <= now) {
      this.clear(conversationSid);
      this.transition(conversationSid, "closed");
      return;
    }
    const rest = this.get(conversationSid);
    if (rest) this.schedule(rest);
  }
}
