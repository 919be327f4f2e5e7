// Minifies the launcher (lib/embed/launcher.js, plain JS kept readable) into public/embed.js, the one file other
// websites load: comments and long names cost host pages bytes. Runs before `npm run build` and `npm run dev`.
import { build } from "esbuild";

await build({
  entryPoints: ["lib/embed/launcher.js"],
  outfile: "public/embed.js",
  minify: true,
  // Written for every browser the chat supports: nothing to lower, only to shrink.
  target: "es2017",
  legalComments: "none",
  banner: { js: "/* flex-webchat-next launcher. Source: lib/embed/launcher.js */" },
  logLevel: "warning",
});
