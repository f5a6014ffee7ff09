// A small worker for the worker RPC tests: each call exercises one behaviour of src/core/worker-rpc.ts.
import { parentPort } from 'node:worker_threads';
import { serve, Transfer } from '../../../src/core/worker-rpc';
import type { TestCalls, TestEvents, TestNotes } from './rpc-protocol';

let cancelled = 0;
const tick = () => new Promise(resolve => setImmediate(resolve));

if (parentPort) {
  const server = serve<TestCalls, TestNotes, TestEvents>(parentPort, {
    calls: {
      echo: async m => {
        for (let i = 0; i < m.wait; i++) await tick();
        return m.value;
      },
      count: async (m, ctx) => {
        for (let i = 1; i <= m.to; i++) {
          ctx.progress(i);
          await tick();
        }
        return m.to;
      },
      /** Runs until cancelled. */
      wait: async (_m, ctx) => {
        while (!ctx.signal.aborted) await tick();
        cancelled++;
        throw new Error('stopped');
      },
      cancelled: () => cancelled,
      fail: m => {
        throw new Error(m.message);
      },
      crash: m => process.exit(m.code),
      bytes: m => {
        const b = new Uint8Array(m.length).fill(7);
        return new Transfer(b, [b.buffer]);
      },
    },
    notes: { ping: m => server.emit('pong', m) },
  });
}
