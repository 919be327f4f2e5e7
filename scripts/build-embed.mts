// Minifies the launcher (lib/embed/launcher.js, plain JS kept readable) into public/embed.js, the one file other
// websites load: comments and long names cost host pages bytes. It also writes in the brand of lib/widget-config.ts
// (its colours, and its name in the English catalog's labels), so the launcher wears it from its first frame, before
// the chat has loaded, and draws the site's icon (public/chat-icon.svg) in the same colour. Runs before
// `npm run build` and `npm run dev`, and refuses a brand the server would refuse, or a logo public/ lacks.
import { existsSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { createTranslator } from "next-intl";
import { brandProblems, withBrand } from "@/lib/brand";
import { brandIconSvg } from "@/lib/theme";
import { widgetConfig } from "@/lib/widget-config";
import en from "@/messages/en.json";

const { brand } = widgetConfig;
const problems = brandProblems(brand);
if (brand.logo !== null && problems.length === 0 && !existsSync(`public${brand.logo}`))
  problems.push(`widgetConfig.brand.logo is ${brand.logo}, but public${brand.logo} does not exist.`);
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}

const { light, dark } = brand;
const t = createTranslator({ locale: "en", messages: withBrand(en, brand.name), namespace: "launcher" });
const labels = {
  open: t("open"),
  close: t("close"),
  dismiss: t("dismissPreview"),
  invite: t("invite"),
  dismissInvite: t("dismissInvite"),
};
// Surfaces and text as app/globals.css has them (--color-surface, --color-text), for the panel and the preview card.
const palette = {
  light: { brand: light.brand, onBrand: light.onBrand, surface: "#ffffff", text: "#111827" },
  dark: { brand: dark.brand, onBrand: dark.onBrand, surface: "#151b2b", text: "#e6e9ef" },
};

await build({
  entryPoints: ["lib/embed/launcher.js"],
  outfile: "public/embed.js",
  minify: true,
  // Written for every browser the chat supports: nothing to lower, only to shrink.
  target: "es2017",
  legalComments: "none",
  define: { __FW_PALETTE__: JSON.stringify(palette), __FW_LABELS__: JSON.stringify(labels) },
  banner: { js: "/* flex-webchat-next launcher. Source: lib/embed/launcher.js */" },
  logLevel: "warning",
});

writeFileSync("public/chat-icon.svg", brandIconSvg(light));
