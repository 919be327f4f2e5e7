import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from "next/document";
import { direction } from "@/lib/i18n/locales";
import { nodeHeader, requestPreferences } from "@/lib/request-preferences";
import { themeCss } from "@/lib/theme";
import { widgetConfig } from "@/lib/widget-config";

type Props = DocumentInitialProps & ReturnType<typeof requestPreferences>;

/** The document of pages/ (the landing page): what app/layout.tsx gives the App Router's pages. */
export default class SiteDocument extends Document<Props> {
  static async getInitialProps(context: DocumentContext): Promise<Props> {
    const initial = await Document.getInitialProps(context);
    return { ...initial, ...requestPreferences(nodeHeader(context.req?.headers ?? {})) };
  }

  render() {
    const { locale, theme, nonce } = this.props;
    return (
      <Html lang={locale} dir={direction(locale)} data-theme={theme === "system" ? undefined : theme}>
        <Head nonce={nonce ?? undefined}>
          {/* The brand from lib/widget-config.ts (colours for light and dark, radius, font). */}
          <style nonce={nonce ?? undefined}>{themeCss({ ...widgetConfig.theme, ...widgetConfig.brand })}</style>
        </Head>
        <body>
          <Main />
          <NextScript nonce={nonce ?? undefined} />
        </body>
      </Html>
    );
  }
}
