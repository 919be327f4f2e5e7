import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
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
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
