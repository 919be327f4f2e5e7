import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "@/lib/testing/free-port";

/** Starts the Twilio stand-in (scripts/prism-twilio.mjs: Prism behind a recording proxy) on a free loopback port. */
export async function startPrism(): Promise<{ origin: string; stop: () => void }> {
  const port = await freePort();
  const script = path.join(__dirname, "../../scripts/prism-twilio.mjs");
  const child: ChildProcess = spawn(process.execPath, [script, String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Twilio stand-in is listening")) {
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

/** A request the stand-in received (Authorization left out), and the status it answered. */
export type RecordedRequest = {
  method: string;
  host: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  status: number;
};

/** The recording proxy in front of Prism: what the app sent, and answers scripted for chosen requests. */
export function recorder(origin: string) {
  return {
    async requests(): Promise<RecordedRequest[]> {
      return (await fetch(`${origin}/__recorder/requests`)).json() as Promise<RecordedRequest[]>;
    },
    async reset(): Promise<void> {
      await fetch(`${origin}/__recorder`, { method: "DELETE" });
    },
    /** The next `times` requests matching `method` and `path` (a RegExp source over "/<host>/<path>") get this answer. */
    async script(answer: {
      method: string;
      path: string;
      status: number;
      body?: unknown;
      times?: number;
    }): Promise<void> {
      await fetch(`${origin}/__recorder/script`, { method: "POST", body: JSON.stringify(answer) });
    },
  };
}

/**
 * TaskRouter's own example page of tasks (from its OpenAPI document), its task carrying the attributes "Send to
 * Flex" gives a web chat task: Prism's example has none, so End chat would have nothing to end.
 */
export function flexTaskPage(conversationSid: string) {
  const page = structuredClone(taskExample("/v1/Workspaces/{WorkspaceSid}/Tasks", "readFull")) as { tasks: TaskJson[] };
  // A list shows no attributes: "it will only be displayed in FETCH action that returns a single resource.
  // Otherwise, it will be null" (the Task resource's description; its own list example still carries them).
  page.tasks[0] = { ...flexTask(conversationSid), attributes: null };
  return page;
}

/** The same task as a single-task FETCH answers it, with the attributes Send to Flex gives a web chat task. */
export function flexTask(conversationSid: string): TaskJson {
  const task = structuredClone(taskExample("/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}", "fetch")) as TaskJson;
  task.assignment_status = "assigned";
  task.attributes = JSON.stringify({
    conversationSid,
    flexInteractionSid: `KD${"a".repeat(32)}`,
    flexInteractionChannelSid: `UO${"a".repeat(31)}1`,
  });
  return task;
}

type TaskJson = { sid: string; attributes: string | null; assignment_status: string };

function taskExample(route: string, example: string): unknown {
  const spec = JSON.parse(
    readFileSync(path.join(__dirname, "twilio-oai/twilio_taskrouter_v1.tasks-subset.json"), "utf8"),
  );
  return spec.paths[route].get.responses["200"].content["application/json"].examples[example].value;
}
