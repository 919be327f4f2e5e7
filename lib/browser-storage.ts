/**
 * The page's localStorage, or — where the browser denies it (a third-party iframe in Safari, Brave or a private
 * window, or storage turned off) — a stand-in in memory, so the chat still works for the life of the page.
 */
export function browserStorage(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  try {
    const storage = window.localStorage;
    storage.getItem("probe"); // Denied storage throws here, not on the property read alone in every browser.
    return storage;
  } catch {
    return memoryStorage;
  }
}

const memory = new Map<string, string>();
const memoryStorage = {
  getItem: (key: string) => memory.get(key) ?? null,
  setItem: (key: string, value: string) => void memory.set(key, value),
  removeItem: (key: string) => void memory.delete(key),
};
