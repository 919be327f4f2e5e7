export function bypassesGate(url: string): boolean;

export class RenderGate {
  constructor(limits: { concurrency: number; maxWaiting: number; maxWaitMs: number });
  readonly running: number;
  readonly waiting: readonly unknown[];
  enter(): Promise<(() => void) | null>;
}
