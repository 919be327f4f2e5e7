import "server-only";
/**
 * The part of Liquid a Studio flow run by the sandbox may use: output tags `{{ a.b.c }}` naming a variable, nothing
 * else. Filters (`| default: …`), tags (`{% if %}`) and expressions are outside the subset, and a flow that uses them
 * is refused when it is loaded rather than rendered differently from Studio (docs/studio.md).
 */

const OUTPUT = /\{\{([\s\S]*?)\}\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

export class LiquidError extends Error {}

/** The variable paths a template names, in order. Throws a LiquidError naming what is outside the subset. */
export function templatePaths(template: string): string[] {
  if (/\{%/.test(template)) {
    throw new LiquidError(`uses a Liquid tag ("{% … %}"); only {{ variable }} outputs are supported`);
  }
  const paths: string[] = [];
  for (const match of template.matchAll(OUTPUT)) {
    const inner = match[1]!.trim();
    if (inner.includes("|")) {
      throw new LiquidError(`uses a Liquid filter in "{{${match[1]}}}"; only {{ variable }} outputs are supported`);
    }
    if (!PATH.test(inner))
      throw new LiquidError(`"{{${match[1]}}}" is not a variable name like trigger.conversation.Body`);
    paths.push(inner);
  }
  return paths;
}

/** A variable's value in the context: missing values render as nothing, as Liquid renders them. */
function lookup(context: unknown, path: string): string {
  let value: unknown = context;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return "";
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Renders a template already checked by `templatePaths`, with `escape` applied to each variable's value. */
export function renderTemplate(template: string, context: unknown, escape: (value: string) => string = (v) => v) {
  return template.replace(OUTPUT, (_, inner: string) => escape(lookup(context, inner.trim())));
}
