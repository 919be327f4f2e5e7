import { LocalTime } from "@/components/local-time";
import type { ChatMessage } from "@/lib/chat/types";

type Props = {
  messages: ChatMessage[];
  selfIdentity: string;
  /** The display name of any other author. */
  nameOf: (author: string) => string;
  /** The other side's read horizon, to mark the visitor's last message as read. */
  readByOthersUpTo?: number;
  emptyText: string;
};

/**
 * The conversation as a list, oldest first. Bodies render as React text, so HTML or script in a message is
 * shown, never run. The caller wraps it in the `role="log"` region that announces additions.
 */
export function MessageList({ messages, selfIdentity, nameOf, readByOthersUpTo = -1, emptyText }: Props) {
  const lastOwn = messages.findLast((m) => m.author === selfIdentity);
  return (
    <ol className="message-list">
      {messages.length === 0 ? <li className="message-empty">{emptyText}</li> : null}
      {messages.map((message) => {
        const own = message.author === selfIdentity;
        const author = own ? "You" : nameOf(message.author);
        return (
          <li key={message.index} className={own ? "message message-own" : "message message-other"}>
            <div className="message-meta">
              <span className="message-author">{author}</span>
              <span aria-hidden="true"> · </span>
              <LocalTime iso={message.dateCreated} />
            </div>
            <p className="message-body">{message.body || <em>This message has no text.</em>}</p>
            {own && message === lastOwn && readByOthersUpTo >= message.index ? (
              <div className="message-receipt">Read</div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
