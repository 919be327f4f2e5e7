/** Only loopback origins may stand in for Twilio: this must never send credentials anywhere else. */
export function isLoopbackOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) && url.pathname === "/"
    );
  } catch {
    return false;
  }
}
