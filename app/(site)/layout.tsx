import { Suspense } from "react";
import { LanguageSwitch } from "@/components/language-switch";
import { SandboxBadge } from "@/components/sandbox-badge";
import { getEnv } from "@/lib/env";

/** The hosted site's pages: the landing page, the full-page chat and the agent console. */
export default function SiteLayout({ children }: { children: React.ReactNode }) {
  const sandbox = getEnv().mode === "sandbox";
  return (
    <div className="page">
      <main className="main">{children}</main>
      <footer className="footer">
        <Suspense>
          <LanguageSwitch />
        </Suspense>
        {sandbox ? <SandboxBadge /> : null}
      </footer>
    </div>
  );
}
