import { headers } from "next/headers";
import { SiteShell } from "@/components/site-shell";
import { getEnv } from "@/lib/env";
import { THEME_HEADER } from "@/lib/request-preferences";
import { isTheme } from "@/lib/theme";

/**
 * The hosted site's App Router pages: the full-page chat and the agent console. The landing page, `/`, is
 * pages/index.tsx: the same frame, served without the React runtime (see there why).
 */
export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const theme = (await headers()).get(THEME_HEADER);
  return (
    <SiteShell theme={isTheme(theme) ? theme : "system"} sandbox={getEnv().mode === "sandbox"}>
      {children}
    </SiteShell>
  );
}
