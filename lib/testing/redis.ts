import { spawn, spawnSync } from "node:child_process";
import { freePort } from "@/lib/testing/free-port";

/**
 * A real Redis for the Redis store's tests: REDIS_TEST_URL when set (.ci/run starts one on 127.0.0.1), otherwise a
 * private `redis-server` on a free loopback port, stopped afterwards. Without either, the tests fail and say why.
 */
export async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const given = process.env.REDIS_TEST_URL;
  if (given) return { url: given, stop: () => {} };

  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error(
      "The Redis store is tested against a real server: install one (apt-get install redis-server) or set REDIS_TEST_URL.",
    );
  }
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}
