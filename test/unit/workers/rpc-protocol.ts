// The calls of the worker RPC test worker (rpc-worker.ts).
export type TestCalls = {
  echo: { params: { value: string; wait: number }; result: string; progress: never };
  count: { params: { to: number }; result: number; progress: number };
  wait: { params: Record<string, never>; result: never; progress: never };
  cancelled: { params: Record<string, never>; result: number; progress: never };
  fail: { params: { message: string }; result: never; progress: never };
  crash: { params: { code: number }; result: never; progress: never };
  bytes: { params: { length: number }; result: Uint8Array; progress: never };
};
export type TestNotes = { ping: string };
export type TestEvents = { pong: string };
