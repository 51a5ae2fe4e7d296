import type { Response } from 'express';
import { setImmediate as nextTurn } from 'node:timers/promises';

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

/** The longest a long task works before letting other requests run: neither a download nor a long read may stall anyone. */
const SLICE_MS = 10;

/**
 * For a long task on the one main thread (the CSV export, the board's
 * reading): each call lets other requests run if the task has worked for a
 * slice since it last did, and costs a look at the clock otherwise.
 */
export function timeSlices(sliceMs = SLICE_MS): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await nextTurn();
    sliceStart = performance.now();
  };
}

/** Resolves when the response can take more (or the client has gone). */
export function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
