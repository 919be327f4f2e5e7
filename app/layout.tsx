import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { SandboxBadge } from "@/components/sandbox-badge";
import { getEnv } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Chat with us", template: "%s · Chat with us" },
  description: "Talk to our support team.",
  icons: { icon: "/chat-icon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page depends on runtime configuration and the visitor's cookie: render at request time, never at build.
  await connection();
  const sandbox = getEnv().mode === "sandbox";
  return (
    <html lang="en">
      <body>
        <div className="page">
          <main className="main">{children}</main>
          {sandbox ? (
            <footer className="footer">
              <SandboxBadge />
            </footer>
          ) : null}
        </div>
      </body>
    </html>
  );
}
