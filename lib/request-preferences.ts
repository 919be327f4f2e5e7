/** Request headers proxy.ts sets from ?lang / ?theme, the remembered cookies and Accept-Language. */
export const LOCALE_HEADER = "x-webchat-locale";
export const THEME_HEADER = "x-webchat-theme";
