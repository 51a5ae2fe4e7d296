/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait in
 * order. Password hashing goes through one, so a burst of sign-ins queues
 * instead of allocating 19 MiB per attempt all at once.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
