import { headers } from "next/headers";
import { Suspense } from "react";
import { Preferences } from "@/components/preferences";
import { SandboxBadge } from "@/components/sandbox-badge";
import { getEnv } from "@/lib/env";
import { THEME_HEADER } from "@/lib/request-preferences";
import { isTheme } from "@/lib/theme";

/** The hosted site's pages: the landing page, the full-page chat and the agent console. */
export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const sandbox = getEnv().mode === "sandbox";
  const theme = (await headers()).get(THEME_HEADER);
  return (
    <div className="page">
      <main className="main">{children}</main>
      <footer className="footer">
        <Suspense>
          <Preferences theme={isTheme(theme) ? theme : "system"} />
        </Suspense>
        {sandbox ? <SandboxBadge /> : null}
      </footer>
    </div>
  );
}
