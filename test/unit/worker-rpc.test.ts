// The worker request/reply layer against a real worker thread (workers/rpc-worker.ts, built beside this test).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  CancelledError,
  RpcClient,
  WorkerStoppedError,
  type EventOf,
  type RpcClientOptions,
} from '../../src/core/worker-rpc';
import type { TestCalls, TestEvents, TestNotes } from './workers/rpc-protocol';

const SCRIPT = path.join(__dirname, 'workers', 'rpc-worker.js');

function client(options: Partial<RpcClientOptions<TestEvents>> = {}): RpcClient<TestCalls, TestNotes, TestEvents> {
  return new RpcClient(SCRIPT, { name: 'test worker', ...options });
}

describe('worker RPC', () => {
  it('answers each call with its own result, whatever order they finish in', async () => {
    const c = client();
    try {
      const slow = c.call('echo', { value: 'slow', wait: 50 });
      const fast = c.call('echo', { value: 'fast', wait: 0 });
      assert.equal(c.busy, 2);
      const order: string[] = [];
      await Promise.all([slow.then(v => order.push(v)), fast.then(v => order.push(v))]);
      assert.deepEqual(order, ['fast', 'slow']);
      assert.equal(c.busy, 0);
    } finally {
      await c.terminate();
    }
  });

  it('reports progress in order before the result, and moves transferred buffers', async () => {
    const c = client();
    try {
      const seen: number[] = [];
      const result = await c.call('count', { to: 5 }, { onProgress: p => seen.push(p) });
      assert.equal(result, 5);
      assert.deepEqual(seen, [1, 2, 3, 4, 5]);
      const bytes = await c.call('bytes', { length: 4 });
      assert.deepEqual([...bytes], [7, 7, 7, 7]);
    } finally {
      await c.terminate();
    }
  });

  it("rejects with the worker's error message and keeps the worker", async () => {
    let starts = 0;
    const c = client({
      onStart: () => {
        starts++;
      },
    });
    try {
      await assert.rejects(
        c.call('fail', { message: 'no such molecule' }),
        (e: Error) => e.message === 'no such molecule' && !(e instanceof CancelledError),
      );
      assert.equal(await c.call('echo', { value: 'still here', wait: 0 }), 'still here');
      assert.equal(starts, 1);
    } finally {
      await c.terminate();
    }
  });

  it("cancels: the call rejects as cancelled and the worker's handler sees its signal", async () => {
    const c = client();
    try {
      const controller = new AbortController();
      const waiting = c.call('wait', {}, { signal: controller.signal });
      await c.call('echo', { value: '', wait: 3 });
      controller.abort();
      await assert.rejects(waiting, CancelledError);
      // The worker stops the handler at its next step; calls are answered in order of finishing.
      for (let i = 0; i < 100 && (await c.call('cancelled', {})) === 0; i++)
        await c.call('echo', { value: '', wait: 1 });
      assert.equal(await c.call('cancelled', {}), 1);
      await assert.rejects(
        c.call('echo', { value: 'x', wait: 0 }, { signal: AbortSignal.abort() }),
        CancelledError,
        'already cancelled: not sent',
      );
    } finally {
      await c.terminate();
    }
  });

  it('a worker that dies rejects every call in flight with a clear error; the next call starts a new one', async () => {
    let starts = 0;
    const exits: string[] = [];
    const c = client({
      onStart: () => {
        starts++;
      },
      onExit: e => exits.push(e.message),
    });
    try {
      const controller = new AbortController();
      const inFlight = [c.call('wait', {}, { signal: controller.signal }), c.call('count', { to: 1e9 })];
      const crash = c.call('crash', { code: 3 });
      for (const p of [...inFlight, crash]) {
        await assert.rejects(
          p,
          (e: Error) => e instanceof WorkerStoppedError && e.message === 'the test worker stopped (exit code 3)',
        );
      }
      assert.deepEqual(exits, ['the test worker stopped (exit code 3)']);
      assert.equal(c.busy, 0);
      assert.equal(c.running, false);
      assert.equal(await c.call('echo', { value: 'restarted', wait: 0 }), 'restarted');
      assert.equal(starts, 2);
      assert.equal(await c.call('cancelled', {}), 0, 'a fresh worker');
    } finally {
      await c.terminate();
    }
  });

  it("sends notes one way and delivers the worker's events", async () => {
    const events: Array<EventOf<TestEvents>> = [];
    const c = client({ onEvent: e => events.push(e) });
    try {
      c.notify('ping', 'hello');
      await c.call('echo', { value: '', wait: 0 });
      assert.deepEqual(events, [{ name: 'pong', value: 'hello' }]);
    } finally {
      await c.terminate();
    }
  });

  it('terminate rejects calls in flight and refuses later ones', async () => {
    const c = client();
    const pending = assert.rejects(c.call('count', { to: 1e9 }), /the test worker was closed/);
    await c.terminate();
    await pending;
    await assert.rejects(c.call('echo', { value: 'x', wait: 0 }), WorkerStoppedError);
    c.notify('ping', 'dropped');
    assert.equal(c.running, false, 'a note after terminate starts nothing');
  });
});
