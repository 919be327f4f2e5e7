import Link from "next/link";

/** A discreet note that the app runs on the embedded sandbox, with the way to answer as the agent. */
export function SandboxBadge() {
  return (
    <p className="sandbox-badge">
      <span className="sandbox-dot" aria-hidden="true" />
      Sandbox mode: no Twilio account connected.{" "}
      {/* No prefetch: the console may sit behind a password, and visitors never need it preloaded. */}
      <Link href="/agent" target="_blank" prefetch={false}>
        Open the agent console
      </Link>
    </p>
  );
}
