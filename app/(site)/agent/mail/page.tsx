import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/agent/auto-refresh";
import { LocalTime } from "@/components/local-time";
import { linkSegments } from "@/lib/chat/linkify";
import { getEnv } from "@/lib/env";
import { readMail } from "@/lib/data/console";
import "../console.css";

export const metadata: Metadata = { title: "Mail · Agent console" };

/** What the app sent through the sandbox's SMTP mailbox (transcripts), newest first: nothing leaves this machine. */
export default async function SandboxMail() {
  if (getEnv().mode !== "sandbox") notFound();
  const { mails, total } = readMail(50);
  const smtpUrl = getEnv().transcripts?.smtpUrl;

  return (
    <section className="card card-wide" aria-labelledby="mail-title">
      <AutoRefresh seconds={3} />
      <p>
        <Link href="/agent">← Agent console</Link>
      </p>
      <h1 id="mail-title">Mail ({total})</h1>
      <p className="lead">
        {smtpUrl
          ? "SMTP_URL is set, so transcripts go to that server instead; this mailbox shows only what reached it earlier."
          : "Every email the app sends in the sandbox (chat transcripts) arrives here over SMTP, at a mailbox on this machine. Nothing is delivered anywhere else."}
      </p>
      {mails.length === 0 ? (
        <p className="empty">
          No mail yet. Start a chat with “Email me a copy” ticked and an email address, then end it.
        </p>
      ) : (
        <ul className="mail-list" aria-labelledby="mail-title">
          {mails.map((mail) => {
            const to = (JSON.parse(mail.envelope_to) as string[]).join(", ");
            return (
              <li key={mail.id} className="mail-item">
                <article aria-labelledby={`mail-${mail.id}-subject`}>
                  <h2 id={`mail-${mail.id}-subject`} className="mail-subject">
                    {mail.subject || "(no subject)"}
                  </h2>
                  <dl className="mail-meta">
                    <dt>To</dt>
                    <dd>{to}</dd>
                    <dt>From</dt>
                    <dd>{mail.sender}</dd>
                    <dt>Received</dt>
                    <dd>
                      <LocalTime iso={mail.date_received} />
                    </dd>
                    <dt>Parts</dt>
                    <dd>{mail.html ? "text and HTML" : "text"}</dd>
                  </dl>
                  <details>
                    <summary>Message text</summary>
                    {/* Links work here as in a mail client (attachment links open the file); the rest stays text. */}
                    <pre className="mail-text">
                      {linkSegments(mail.text).map((segment, i) =>
                        segment.type === "link" ? (
                          <a key={i} href={segment.href} rel="noreferrer">
                            {segment.text}
                          </a>
                        ) : (
                          segment.text
                        ),
                      )}
                    </pre>
                  </details>
                  {mail.html ? (
                    <details>
                      <summary>HTML source</summary>
                      {/* As sent, for checking what a mail client will render; shown as text, never rendered here. */}
                      <pre className="mail-text">{mail.html}</pre>
                    </details>
                  ) : null}
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
