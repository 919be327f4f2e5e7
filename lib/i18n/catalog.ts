/** The named parts of a message catalog that exist in it: what a page hands its client-side provider. */
export function pickNamespaces<V>(messages: Record<string, V>, namespaces: readonly string[]): Record<string, V> {
  return Object.fromEntries(namespaces.filter((n) => n in messages).map((n) => [n, messages[n]!]));
}
