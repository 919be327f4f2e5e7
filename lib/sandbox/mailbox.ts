import "server-only";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { sameSecret } from "@/lib/security/compare";
import type { SandboxStore } from "@/lib/sandbox/store";

/**
 * The sandbox's mailbox: a real SMTP server on this machine's loopback (smtp-server), so the app's mailer talks SMTP
 * to it exactly as it would to a provider, and what arrives is kept for the agent console's Mail page. It starts on
 * first use, on a free port, and accepts any sender and recipient: it delivers nothing onward. Only the app's own
 * mailer may leave mail here: it logs in with a password made new at each start (in the URL url() gives), so anything
 * else that reaches the port — another local program, a flood of junk — is refused (530) and can never push the app's
 * transcripts out of the Mail page.
 */

/** A message larger than this is refused at the SMTP level (552), as a provider would. */
export const MAILBOX_MAX_BYTES = 2 * 1024 * 1024;
/** The newest messages kept; older ones are dropped as new ones arrive. */
export const MAILBOX_KEEP = 200;

export type MailRow = {
  id: number;
  date_received: string;
  sender: string;
  envelope_to: string;
  subject: string;
  text: string;
  html: string | null;
  size: number;
};

const SCHEMA = `
create table if not exists sandbox_mail (
  id integer primary key autoincrement, date_received text not null, sender text not null,
  envelope_to text not null, subject text not null, text text not null, html text, size integer not null);
`;

export class SandboxMailbox {
  private server: SMTPServer | undefined;
  private listening: Promise<string> | undefined;
  private readonly password = randomBytes(18).toString("base64url");

  constructor(private readonly store: SandboxStore) {
    store.db.exec(SCHEMA);
  }

  /** The mailbox's address for the app's mailer (nodemailer), with its login. Starts it on first call. */
  url(): Promise<string> {
    this.listening ??= new Promise<string>((resolve, reject) => {
      const server = new SMTPServer({
        // Loopback only: no TLS, so the login goes in the clear (allowInsecureAuth), never beyond this machine.
        secure: false,
        disabledCommands: ["STARTTLS"],
        authMethods: ["PLAIN", "LOGIN"],
        allowInsecureAuth: true,
        authOptional: false,
        onAuth: (auth, _session, callback) => {
          if (auth.username === "app" && sameSecret(auth.password ?? "", this.password))
            return callback(null, { user: "app" });
          callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
        },
        size: MAILBOX_MAX_BYTES,
        banner: "flex-webchat-next sandbox mailbox",
        logger: false,
        onData: (stream, session, callback) => {
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAILBOX_MAX_BYTES) chunks.push(chunk);
          });
          stream.on("error", callback);
          stream.on("end", () => {
            if (stream.sizeExceeded) {
              callback(
                Object.assign(new Error(`Message exceeds the mailbox's ${MAILBOX_MAX_BYTES} bytes`), {
                  responseCode: 552,
                }),
              );
              return;
            }
            const raw = Buffer.concat(chunks);
            simpleParser(raw)
              .then((parsed) => {
                // The From header (name and address); the envelope's sender if there is none.
                const author = parsed.from?.value[0];
                const envelope = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
                this.keep({
                  from: author?.address
                    ? author.name
                      ? `${author.name} <${author.address}>`
                      : author.address
                    : envelope,
                  to: session.envelope.rcptTo.map((r) => r.address),
                  subject: parsed.subject ?? "",
                  text: parsed.text ?? "",
                  html: typeof parsed.html === "string" ? parsed.html : null,
                  size: raw.length,
                });
                callback();
              })
              .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
          });
        },
      });
      server.on("error", (error) => console.warn(`Sandbox mailbox: ${error.message}`));
      server.listen(0, "127.0.0.1", () => {
        this.server = server;
        resolve(`smtp://app:${this.password}@127.0.0.1:${(server.server.address() as AddressInfo).port}`);
      });
      server.server.once("error", reject);
    });
    return this.listening;
  }

  private keep(mail: { from: string; to: string[]; subject: string; text: string; html: string | null; size: number }) {
    this.store.transaction(() => {
      this.store.db
        .prepare(
          "insert into sandbox_mail (date_received, sender, envelope_to, subject, text, html, size) values (?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          new Date().toISOString(),
          mail.from,
          JSON.stringify(mail.to),
          mail.subject,
          mail.text,
          mail.html,
          mail.size,
        );
      this.store.db
        .prepare("delete from sandbox_mail where id <= (select max(id) from sandbox_mail) - ?")
        .run(MAILBOX_KEEP);
    });
  }

  /** The newest messages first. */
  list(limit = 50): MailRow[] {
    return this.store.db.prepare("select * from sandbox_mail order by id desc limit ?").all(limit) as MailRow[];
  }

  get(id: number): MailRow | undefined {
    return this.store.db.prepare("select * from sandbox_mail where id = ?").get(id) as MailRow | undefined;
  }

  count(): number {
    return (this.store.db.prepare("select count(*) as n from sandbox_mail").get() as { n: number }).n;
  }

  close(): void {
    this.server?.close();
  }
}
