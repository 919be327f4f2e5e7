/** Light, dark, or whatever the visitor's system prefers. */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** Remembers an explicit choice once the visitor has started a chat (never before). */
export const THEME_COOKIE = "webchat_theme";

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}

/** An explicit choice (`?theme=`, from the switch or the embed's data-theme) wins, then the remembered one. */
export function chooseTheme(param: string | null | undefined, cookie: string | null | undefined): Theme {
  if (isTheme(param)) return param;
  if (isTheme(cookie)) return cookie;
  return "system";
}

type Palette = { brand: string; brandStrong: string; onBrand: string };

/** A configured colour where only a hex value may go (an attribute, an email's inline style); else the fallback. */
export function hexColour(value: string, fallback: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(value) ? value : fallback;
}

/** The site's icon (favicon) in the brand's colours: a speech bubble on a rounded square. */
export function brandIconSvg({ brand, onBrand }: Palette): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="${hexColour(brand, "#1d4ed8")}"/><path d="M8 10.5A2.5 2.5 0 0 1 10.5 8h11a2.5 2.5 0 0 1 2.5 2.5v7a2.5 2.5 0 0 1-2.5 2.5H15l-4.5 4v-4h0A2.5 2.5 0 0 1 8 17.5z" fill="${hexColour(onBrand, "#fff")}"/></svg>\n`;
}

/**
 * The configured brand as CSS custom properties; values that could end the rule are dropped. The selector is
 * `:root:root` so the brand wins over app/globals.css's defaults wherever the stylesheet lands in the page (the
 * Pages Router puts its stylesheets after this rule).
 */
export function themeCss(theme: { radius: string; font: string; light: Palette; dark: Palette }): string {
  const safe = (value: string) => (/^[\w\s#%(),.\-"'/]+$/.test(value) ? value : null);
  const pair = (light: string, dark: string) => (safe(light) && safe(dark) ? `light-dark(${light}, ${dark})` : null);
  const declarations = [
    ["--color-brand", pair(theme.light.brand, theme.dark.brand)],
    ["--color-brand-strong", pair(theme.light.brandStrong, theme.dark.brandStrong)],
    ["--color-on-brand", pair(theme.light.onBrand, theme.dark.onBrand)],
    ["--radius", safe(theme.radius)],
    ["--font", safe(theme.font)],
  ].filter((entry): entry is [string, string] => entry[1] !== null);
  return `:root:root{${declarations.map(([name, value]) => `${name}:${value}`).join(";")}}`;
}
