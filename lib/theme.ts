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

/** The configured brand as CSS custom properties; values that could end the rule are dropped. */
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
  return `:root{${declarations.map(([name, value]) => `${name}:${value}`).join(";")}}`;
}
