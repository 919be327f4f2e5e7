import type { AppProps } from "next/app";
// The styles every page shares, as app/layout.tsx loads them for the App Router's pages.
import "@/app/globals.css";

export default function SiteApp({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
