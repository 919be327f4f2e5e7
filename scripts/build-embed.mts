// Minifies the launcher (lib/embed/launcher.js, plain JS kept readable) into public/embed.js, the one file other
// websites load: comments and long names cost host pages bytes. It also writes in the brand of lib/widget-config.ts,
// so the launcher wears it from its first frame, before the chat has loaded, and draws the site's icon
// (public/chat-icon.svg) in the same colour. Runs before `npm run build` and `npm run dev`.
import { writeFileSync } from "node:fs";
import { build } from "esbuild";
import { brandIconSvg } from "@/lib/theme";
import { widgetConfig } from "@/lib/widget-config";

const { light, dark } = widgetConfig.theme;
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
  define: { __FW_PALETTE__: JSON.stringify(palette) },
  banner: { js: "/* flex-webchat-next launcher. Source: lib/embed/launcher.js */" },
  logLevel: "warning",
});

writeFileSync("public/chat-icon.svg", brandIconSvg(widgetConfig.theme.light));
