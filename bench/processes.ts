import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** The servers under test run in child processes, so the load generator never shares their event loop. */
export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 120_000;

/** The Node options `npm start` gives the server (its heap settings), so that the tracker is measured as it runs. */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/**
 * Starts the compiled script (`npm run build` puts it under dist/bench) with
 * node itself, as production runs it: the pid is the server's, so its memory
 * can be read from /proc, and no TypeScript loader sits in that memory. Waits
 * for the JSON line with its port.
 */
export function startChild(script: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.resolve(__dirname, '../dist/bench', script.replace(/\.ts$/, '.js'))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${STARTUP_TIMEOUT_MS / 1000} s: ${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening: ${stderr}`));
    });
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * The tracker on a database file, in production mode, as `npm start` runs it.
 * `BENCH_NODE_ARGS` adds Node options to it, to look inside a run:
 * `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- --only mix`.
 */
export function startTracker(file: string): Promise<Child> {
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  return startChild(
    'server.ts',
    {
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://127.0.0.1:3000',
      DATABASE_PATH: file,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SEED_ON_EMPTY: 'false',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? 'bench-admin@example.org',
      ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? 'bench-admin-password',
    },
    [...startNodeFlags(), ...extra],
  );
}

/** A process's resident memory in MB: current (VmRSS) or peak since start or the last reset (VmHWM). */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Resets a process's peak resident memory (VmHWM) to its current size; false where the kernel does not allow it. */
export function resetPeakMemory(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples a process's resident memory every `everyMs` until stopped; returns the highest sample in MB. */
export function watchMemory(pid: number, everyMs = 50): { stop(): number } {
  let peak = memoryMb(pid, 'VmRSS');
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, memoryMb(pid, 'VmRSS'));
    } catch {
      // The process has ended: the last sample stands.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
