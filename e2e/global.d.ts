// The API public/embed.js puts on the host page's window.
interface Window {
  FlexWebchat: {
    open(): void;
    close(): void;
    toggle(): void;
    isOpen(): boolean;
    setPreEngagement(values: Record<string, string | boolean>): void;
    on(type: "opened" | "closed" | "unread" | "ended", listener: (detail?: { count: number }) => void): void;
    off(type: string, listener: (detail?: unknown) => void): void;
  };
}
