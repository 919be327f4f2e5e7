import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "@/lib/testing/free-port";

/** Starts Prism's mock of Twilio's OpenAPI documents (scripts/prism-twilio.mjs) on a free loopback port. */
export async function startPrism(): Promise<{ origin: string; stop: () => void }> {
  const port = await freePort();
  const script = path.join(__dirname, "../../scripts/prism-twilio.mjs");
  const child: ChildProcess = spawn(process.execPath, [script, String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code}:\n${output}`));
    });
  });
  return { origin: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}
