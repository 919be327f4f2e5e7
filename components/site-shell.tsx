import { Suspense } from "react";
import { Preferences } from "@/components/preferences";
import { SandboxBadge } from "@/components/sandbox-badge";
import type { Theme } from "@/lib/theme";

/**
 * The hosted site's frame around a page: the page itself, then a footer with the visitor's language and appearance
 * and, in sandbox mode, the way to the agent console. Shared by the App Router's site layout and the landing page.
 */
export function SiteShell({ theme, sandbox, children }: { theme: Theme; sandbox: boolean; children: React.ReactNode }) {
  return (
    <div className="page">
      <main className="main">{children}</main>
      <footer className="footer">
        <Suspense>
          <Preferences theme={theme} />
        </Suspense>
        {sandbox ? <SandboxBadge /> : null}
      </footer>
    </div>
  );
}
