import { headers } from "next/headers";
import { SiteShell } from "@/components/site-shell";
import { getEnv } from "@/lib/env";
import { requestPreferences } from "@/lib/request-preferences";

/**
 * The hosted site's App Router pages: the full-page chat and the agent console. The landing page, `/`, is
 * pages/index.tsx: the same frame, served without the React runtime (see there why).
 */
export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const requestHeaders = await headers();
  const { theme } = requestPreferences((name) => requestHeaders.get(name));
  return (
    <SiteShell theme={theme} sandbox={getEnv().mode === "sandbox"}>
      {children}
    </SiteShell>
  );
}
