import { MessageBody } from "@/components/chat/message-body";
import { LocalTime } from "@/components/local-time";
import type { ChatMessage } from "@/lib/chat/types";

/**
 * A conversation read-only, for the agent: who wrote each message (the agent, the visitor, or the flow's bot) and
 * what. Shown before Accept (what happened before the hand-off) and in wrap-up.
 */
export function ReadonlyMessages({
  messages,
  visitorName,
  agentIdentity,
}: {
  messages: ChatMessage[];
  visitorName: string;
  agentIdentity: string;
}) {
  return (
    <ol className="readonly-log" aria-label="Messages">
      {messages.map((message) => {
        const own = message.author === agentIdentity;
        return (
          <li key={message.sid} className={`message ${own ? "message-own" : "message-other"} message-group-start`}>
            <div className="message-meta">
              <span className="message-author">{own ? "You" : message.automated ? "Bot" : visitorName}</span>
              <span aria-hidden="true"> · </span>
              <LocalTime iso={message.dateCreated} />
            </div>
            <MessageBody text={message.body} markdown={own || message.automated === true} />
          </li>
        );
      })}
    </ol>
  );
}
