// Long on purpose: the sandbox's whole SQLite schema and every statement on it, so a column changes in one place and
// the writes that span tables (a message and its media) stay side by side.
import "server-only";
import Database from "better-sqlite3";
import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import type { ConversationState } from "@/lib/chat/types";
import { newSid } from "@/lib/sandbox/sids";

export type { ConversationState };

export type ConversationRow = {
  sid: string;
  friendly_name: string | null;
  unique_name: string | null;
  attributes: string;
  state: ConversationState;
  date_created: string;
  date_updated: string;
};

export type ParticipantRow = {
  sid: string;
  conversation_sid: string;
  identity: string;
  attributes: string;
  last_read_message_index: number | null;
  last_read_timestamp: string | null;
  date_created: string;
  date_updated: string;
};

export type MessageRow = {
  sid: string;
  conversation_sid: string;
  idx: number;
  author: string;
  body: string | null;
  attributes: string;
  participant_sid: string | null;
  date_created: string;
  date_updated: string;
};

export type NewMessage = {
  conversationSid: string;
  author: string;
  body: string | null;
  attributes?: string;
  participantSid: string | null;
  dateCreated?: string;
};

export type UserRow = {
  sid: string;
  identity: string;
  friendly_name: string | null;
  attributes: string;
  date_created: string;
  date_updated: string;
};

export type MediaRow = {
  sid: string;
  conversation_sid: string;
  author: string;
  filename: string;
  content_type: string;
  size: number;
  message_sid: string | null;
  date_created: string;
};

export type StoredEvent = { id: number; conversation_sid: string; type: string; data: string };

export type Credentials = {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  conversationsServiceSid: string;
  flexAddressSid: string;
  /** The account's Auth Token: Twilio signs the webhooks it sends with it (X-Twilio-Signature). */
  authToken: string;
};

/** Twilio's timestamps: ISO 8601 in UTC without milliseconds. */
export function twilioDate(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Sets some columns of one row (by its sid), and date_updated, and returns the row as it now stands. A change left
 * undefined keeps its column. Table and column names come from this code, never from a request.
 */
export function updateRow<Row extends { sid: string; date_updated: string }>(
  db: Database.Database,
  table: string,
  current: Row,
  changes: Partial<Omit<Row, "sid">>,
): Row {
  const set = Object.fromEntries(
    Object.entries({ ...changes, date_updated: changes.date_updated ?? twilioDate() }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const next = { ...current, ...set };
  db.prepare(
    `update ${table} set ${Object.keys(set)
      .map((column) => `${column} = @${column}`)
      .join(", ")} where sid = @sid`,
  ).run(next);
  return next;
}

const SCHEMA = `
create table if not exists meta (key text primary key, value text not null);
create table if not exists users (
  sid text primary key, identity text not null unique, friendly_name text, attributes text not null default '{}',
  date_created text not null, date_updated text not null);
create table if not exists conversations (
  sid text primary key, friendly_name text, unique_name text unique, attributes text not null default '{}',
  state text not null, date_created text not null, date_updated text not null);
create table if not exists participants (
  sid text primary key, conversation_sid text not null references conversations(sid) on delete cascade,
  identity text not null, attributes text not null default '{}', last_read_message_index integer,
  last_read_timestamp text, date_created text not null, date_updated text not null,
  unique (conversation_sid, identity));
create table if not exists messages (
  sid text primary key, conversation_sid text not null references conversations(sid) on delete cascade,
  idx integer not null, author text not null, body text, attributes text not null default '{}',
  participant_sid text, date_created text not null, date_updated text not null,
  unique (conversation_sid, idx));
create table if not exists media (
  sid text primary key, conversation_sid text not null references conversations(sid) on delete cascade,
  author text not null, filename text not null, content_type text not null, size integer not null,
  data blob not null, message_sid text, date_created text not null);
create table if not exists events (
  id integer primary key autoincrement, conversation_sid text not null, type text not null, data text not null);
create index if not exists events_by_conversation on events (conversation_sid, id);
`;

/** The sandbox's durable state: one SQLite database (a file by default, or ":memory:"). */
export class SandboxStore {
  readonly db: Database.Database;
  readonly credentials: Credentials;

  constructor(file: string) {
    if (file !== ":memory:") {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
      // The file holds the key that signs access tokens: only its owner may read it. SQLite gives the -wal and -shm
      // files the database file's permissions.
      closeSync(openSync(file, "a", 0o600));
      chmodSync(file, 0o600);
    }
    this.db = new Database(file);
    // Every request runs the same few dozen statements: each is compiled once and reused. (None is ever iterated or
    // put in pluck/raw mode, the states that would make sharing one unsafe.)
    const statements = new Map<string, Database.Statement>();
    const compile = this.db.prepare.bind(this.db);
    this.db.prepare = ((source: string) => {
      let statement = statements.get(source);
      if (!statement) statements.set(source, (statement = compile(source)));
      return statement;
    }) as Database.Database["prepare"];
    // Another process on the same file (a second server, a script) waits for the write lock instead of failing.
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("journal_mode = WAL");
    // WAL with NORMAL sync survives a crash of this process (the restart test) without an fsync per message.
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
    this.credentials = this.loadCredentials();
  }

  /** The sandbox's own account, key and SIDs: made once and kept, so tokens and cookies outlive a restart. */
  private loadCredentials(): Credentials {
    const row = this.db.prepare("select value from meta where key = 'credentials'").get() as
      { value: string } | undefined;
    if (row) {
      const stored = JSON.parse(row.value) as Credentials;
      if (stored.authToken) return stored;
      // A database from before webhooks were signed: its account gets a token now, kept like the rest.
      const upgraded = { ...stored, authToken: newSid("SK").slice(2) };
      this.db.prepare("update meta set value = ? where key = 'credentials'").run(JSON.stringify(upgraded));
      return upgraded;
    }
    const credentials: Credentials = {
      accountSid: newSid("AC"),
      apiKeySid: newSid("SK"),
      apiKeySecret: newSid("SK").slice(2),
      conversationsServiceSid: newSid("IS"),
      flexAddressSid: newSid("IG"),
      authToken: newSid("SK").slice(2),
    };
    this.db.prepare("insert into meta (key, value) values ('credentials', ?)").run(JSON.stringify(credentials));
    return credentials;
  }

  /**
   * Runs `fn` in one write transaction, taken at its start (BEGIN IMMEDIATE): a transaction that first reads and then
   * writes could otherwise fail with SQLITE_BUSY when another process wrote in between, which no wait can cure.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // Users ---------------------------------------------------------------------------------------

  findUser(identity: string): UserRow | undefined {
    return this.db.prepare("select * from users where identity = ?").get(identity) as UserRow | undefined;
  }

  getUser(sidOrIdentity: string): UserRow | undefined {
    return this.db.prepare("select * from users where sid = ? or identity = ?").get(sidOrIdentity, sidOrIdentity) as
      UserRow | undefined;
  }

  upsertUser(identity: string, friendlyName: string | null, attributes = "{}"): UserRow {
    const existing = this.findUser(identity);
    const now = twilioDate();
    if (existing) {
      this.db
        .prepare("update users set friendly_name = coalesce(?, friendly_name), date_updated = ? where sid = ?")
        .run(friendlyName, now, existing.sid);
      return this.findUser(identity)!;
    }
    const row: UserRow = {
      sid: newSid("US"),
      identity,
      friendly_name: friendlyName,
      attributes,
      date_created: now,
      date_updated: now,
    };
    this.db
      .prepare(
        "insert into users (sid, identity, friendly_name, attributes, date_created, date_updated) values (@sid, @identity, @friendly_name, @attributes, @date_created, @date_updated)",
      )
      .run(row);
    return row;
  }

  listUsers(offset: number, limit: number): UserRow[] {
    return this.db.prepare("select * from users order by rowid limit ? offset ?").all(limit, offset) as UserRow[];
  }

  // Conversations -------------------------------------------------------------------------------

  createConversation(input: { friendlyName?: string | null; uniqueName?: string | null; attributes?: string }) {
    const now = twilioDate();
    const row: ConversationRow = {
      sid: newSid("CH"),
      friendly_name: input.friendlyName ?? null,
      unique_name: input.uniqueName ?? null,
      attributes: input.attributes ?? "{}",
      state: "active",
      date_created: now,
      date_updated: now,
    };
    this.db
      .prepare(
        "insert into conversations (sid, friendly_name, unique_name, attributes, state, date_created, date_updated) values (@sid, @friendly_name, @unique_name, @attributes, @state, @date_created, @date_updated)",
      )
      .run(row);
    return row;
  }

  /** By SID or unique name, as Twilio's `/Conversations/{Sid}` accepts either. */
  getConversation(sidOrUniqueName: string): ConversationRow | undefined {
    return this.db
      .prepare("select * from conversations where sid = ? or unique_name = ?")
      .get(sidOrUniqueName, sidOrUniqueName) as ConversationRow | undefined;
  }

  listConversations(state: ConversationState | undefined, offset: number, limit: number): ConversationRow[] {
    return (
      state
        ? this.db
            .prepare(
              "select * from conversations where state = ? order by date_created desc, rowid desc limit ? offset ?",
            )
            .all(state, limit, offset)
        : this.db
            .prepare("select * from conversations order by date_created desc, rowid desc limit ? offset ?")
            .all(limit, offset)
    ) as ConversationRow[];
  }

  updateConversation(
    sid: string,
    changes: { friendlyName?: string; uniqueName?: string; attributes?: string; state?: ConversationState },
  ): ConversationRow {
    return updateRow(this.db, "conversations", this.getConversation(sid)!, {
      friendly_name: changes.friendlyName,
      unique_name: changes.uniqueName,
      attributes: changes.attributes,
      state: changes.state,
    });
  }

  deleteConversation(sid: string): void {
    this.db.prepare("delete from conversations where sid = ?").run(sid);
  }

  // Participants --------------------------------------------------------------------------------

  addParticipant(conversationSid: string, identity: string, attributes = "{}"): ParticipantRow {
    const now = twilioDate();
    const row: ParticipantRow = {
      sid: newSid("MB"),
      conversation_sid: conversationSid,
      identity,
      attributes,
      last_read_message_index: null,
      last_read_timestamp: null,
      date_created: now,
      date_updated: now,
    };
    this.db
      .prepare(
        "insert into participants (sid, conversation_sid, identity, attributes, last_read_message_index, last_read_timestamp, date_created, date_updated) values (@sid, @conversation_sid, @identity, @attributes, @last_read_message_index, @last_read_timestamp, @date_created, @date_updated)",
      )
      .run(row);
    return row;
  }

  findParticipant(conversationSid: string, identity: string): ParticipantRow | undefined {
    return this.db
      .prepare("select * from participants where conversation_sid = ? and identity = ?")
      .get(conversationSid, identity) as ParticipantRow | undefined;
  }

  getParticipant(conversationSid: string, sidOrIdentity: string): ParticipantRow | undefined {
    return this.db
      .prepare("select * from participants where conversation_sid = ? and (sid = ? or identity = ?)")
      .get(conversationSid, sidOrIdentity, sidOrIdentity) as ParticipantRow | undefined;
  }

  /** Whether this identity takes part in a conversation that is not closed. */
  inOpenConversation(identity: string): boolean {
    return (
      this.db
        .prepare(
          "select 1 from participants p join conversations c on c.sid = p.conversation_sid where p.identity = ? and c.state != 'closed' limit 1",
        )
        .get(identity) !== undefined
    );
  }

  listParticipantConversations(
    identity: string,
    offset: number,
    limit: number,
  ): { participant: ParticipantRow; conversation: ConversationRow }[] {
    const participants = this.db
      .prepare("select * from participants where identity = ? order by conversation_sid limit ? offset ?")
      .all(identity, limit, offset) as ParticipantRow[];
    return participants.map((participant) => ({
      participant,
      conversation: this.getConversation(participant.conversation_sid)!,
    }));
  }

  listParticipants(conversationSid: string, offset: number, limit: number): ParticipantRow[] {
    return this.db
      .prepare("select * from participants where conversation_sid = ? order by rowid limit ? offset ?")
      .all(conversationSid, limit, offset) as ParticipantRow[];
  }

  updateParticipant(
    conversationSid: string,
    sid: string,
    changes: { attributes?: string; lastReadMessageIndex?: number },
  ): ParticipantRow {
    const now = twilioDate();
    return updateRow(this.db, "participants", this.getParticipant(conversationSid, sid)!, {
      attributes: changes.attributes,
      last_read_message_index: changes.lastReadMessageIndex,
      last_read_timestamp: changes.lastReadMessageIndex === undefined ? undefined : now,
      date_updated: now,
    });
  }

  /** The conversations an identity takes part in, newest first, with that participant's row. */
  conversationsOfIdentity(
    identity: string,
    limit: number,
  ): { conversation: ConversationRow; participant: ParticipantRow }[] {
    const participants = this.db
      .prepare("select * from participants where identity = ? order by date_created desc limit ?")
      .all(identity, limit) as ParticipantRow[];
    return participants.flatMap((participant) => {
      const conversation = this.getConversation(participant.conversation_sid);
      return conversation ? [{ conversation, participant }] : [];
    });
  }

  deleteParticipant(sid: string): void {
    this.db.prepare("delete from participants where sid = ?").run(sid);
  }

  // Messages ------------------------------------------------------------------------------------

  addMessage(input: NewMessage): MessageRow {
    // The next index is read and used in one transaction, so two processes never take the same one.
    return this.transaction(() => this.insertMessage(input));
  }

  private insertMessage(input: NewMessage): MessageRow {
    const now = input.dateCreated ?? twilioDate();
    const last = this.db
      .prepare("select max(idx) as idx from messages where conversation_sid = ?")
      .get(input.conversationSid) as { idx: number | null };
    const row: MessageRow = {
      sid: newSid("IM"),
      conversation_sid: input.conversationSid,
      idx: last.idx === null ? 0 : last.idx + 1,
      author: input.author,
      body: input.body,
      attributes: input.attributes ?? "{}",
      participant_sid: input.participantSid,
      date_created: now,
      date_updated: now,
    };
    this.db
      .prepare(
        "insert into messages (sid, conversation_sid, idx, author, body, attributes, participant_sid, date_created, date_updated) values (@sid, @conversation_sid, @idx, @author, @body, @attributes, @participant_sid, @date_created, @date_updated)",
      )
      .run(row);
    return row;
  }

  getMessage(conversationSid: string, sidOrIndex: string): MessageRow | undefined {
    return this.db
      .prepare("select * from messages where conversation_sid = ? and (sid = ? or cast(idx as text) = ?)")
      .get(conversationSid, sidOrIndex, sidOrIndex) as MessageRow | undefined;
  }

  listMessages(conversationSid: string, order: "asc" | "desc", offset: number, limit: number): MessageRow[] {
    return this.db
      .prepare(`select * from messages where conversation_sid = ? order by idx ${order} limit ? offset ?`)
      .all(conversationSid, limit, offset) as MessageRow[];
  }

  /** Newest first: the `limit` messages just before `beforeIndex`. */
  messagesBefore(conversationSid: string, beforeIndex: number, limit: number): MessageRow[] {
    return this.db
      .prepare("select * from messages where conversation_sid = ? and idx < ? order by idx desc limit ?")
      .all(conversationSid, beforeIndex, limit) as MessageRow[];
  }

  /** Oldest first: up to `limit` messages from `fromIndex` on. */
  messagesFrom(conversationSid: string, fromIndex: number, limit: number): MessageRow[] {
    return this.db
      .prepare("select * from messages where conversation_sid = ? and idx >= ? order by idx asc limit ?")
      .all(conversationSid, fromIndex, limit) as MessageRow[];
  }

  hasMessagesAfter(conversationSid: string, index: number): boolean {
    return !!this.db
      .prepare("select 1 from messages where conversation_sid = ? and idx > ? limit 1")
      .get(conversationSid, index);
  }

  hasMessagesBefore(conversationSid: string, index: number): boolean {
    return !!this.db
      .prepare("select 1 from messages where conversation_sid = ? and idx < ? limit 1")
      .get(conversationSid, index);
  }

  /** Messages after `afterIndex` written by anyone but `exceptAuthor` (what that participant has not read). */
  countMessagesAfter(conversationSid: string, afterIndex: number, exceptAuthor: string): number {
    return (
      this.db
        .prepare("select count(*) as n from messages where conversation_sid = ? and idx > ? and author != ?")
        .get(conversationSid, afterIndex, exceptAuthor) as { n: number }
    ).n;
  }

  lastMessageIndex(conversationSid: string): number | null {
    return (
      this.db.prepare("select max(idx) as idx from messages where conversation_sid = ?").get(conversationSid) as {
        idx: number | null;
      }
    ).idx;
  }

  // Media -----------------------------------------------------------------------------------------

  addMedia(input: {
    conversationSid: string;
    author: string;
    filename: string;
    contentType: string;
    data: Buffer;
  }): MediaRow {
    const row: MediaRow = {
      sid: newSid("ME"),
      conversation_sid: input.conversationSid,
      author: input.author,
      filename: input.filename,
      content_type: input.contentType,
      size: input.data.length,
      message_sid: null,
      date_created: twilioDate(),
    };
    this.db
      .prepare(
        "insert into media (sid, conversation_sid, author, filename, content_type, size, data, message_sid, date_created) values (@sid, @conversation_sid, @author, @filename, @content_type, @size, @data, @message_sid, @date_created)",
      )
      .run({ ...row, data: input.data });
    return row;
  }

  /** Uploads of one conversation: all of them, and those no message carries (yet). */
  countMedia(conversationSid: string): { all: number; unattached: number } {
    return this.db
      .prepare(
        'select count(*) as "all", coalesce(sum(case when message_sid is null then 1 else 0 end), 0) as unattached from media where conversation_sid = ?',
      )
      .get(conversationSid) as { all: number; unattached: number };
  }

  /** Removes uploads no message took within `olderThanMs` (a send abandoned mid-way leaves them). */
  removeUnattachedMedia(olderThanMs: number, now = Date.now()): number {
    return this.db
      .prepare("delete from media where message_sid is null and date_created < ?")
      .run(twilioDate(new Date(now - olderThanMs))).changes;
  }

  getMedia(sid: string): MediaRow | undefined {
    return this.db
      .prepare(
        "select sid, conversation_sid, author, filename, content_type, size, message_sid, date_created from media where sid = ?",
      )
      .get(sid) as MediaRow | undefined;
  }

  mediaData(sid: string): Buffer | undefined {
    return (this.db.prepare("select data from media where sid = ?").get(sid) as { data: Buffer } | undefined)?.data;
  }

  attachMedia(sids: string[], messageSid: string): void {
    const update = this.db.prepare("update media set message_sid = ? where sid = ?");
    for (const sid of sids) update.run(messageSid, sid);
  }

  mediaOfMessage(messageSid: string): MediaRow[] {
    return this.db
      .prepare(
        "select sid, conversation_sid, author, filename, content_type, size, message_sid, date_created from media where message_sid = ? order by rowid",
      )
      .all(messageSid) as MediaRow[];
  }

  // Events (the resumable live stream) ------------------------------------------------------------

  appendEvent(conversationSid: string, type: string, data: unknown): StoredEvent {
    const json = JSON.stringify(data);
    const info = this.db
      .prepare("insert into events (conversation_sid, type, data) values (?, ?, ?)")
      .run(conversationSid, type, json);
    return { id: Number(info.lastInsertRowid), conversation_sid: conversationSid, type, data: json };
  }

  eventsAfter(conversationSid: string, afterId: number, limit = 1000): StoredEvent[] {
    return this.db
      .prepare("select * from events where conversation_sid = ? and id > ? order by id limit ?")
      .all(conversationSid, afterId, limit) as StoredEvent[];
  }

  lastEventId(conversationSid: string): number {
    return (
      this.db
        .prepare("select coalesce(max(id), 0) as id from events where conversation_sid = ?")
        .get(conversationSid) as {
        id: number;
      }
    ).id;
  }

  close(): void {
    this.db.close();
  }
}
