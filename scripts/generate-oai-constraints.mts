// `npm run oai:constraints`: writes lib/sandbox/twilio-constraints.ts from Twilio's vendored OpenAPI documents.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { extractConstraints, renderConstraints } from "../lib/testing/oai-constraints";

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), "../lib/sandbox/twilio-constraints.ts");
const constraints = extractConstraints();
writeFileSync(target, renderConstraints(constraints));
console.log(`${constraints.length} bounded parameters written to ${path.relative(process.cwd(), target)}`);
