// Execution providers. onnxruntime never falls back by itself (a GPU provider that cannot start throws), so we
// try in order and fall back to the CPU with a one-line explanation of why.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

export const DEVICES = ['auto', 'cpu', 'cuda', 'webgpu'] as const;
export type DeviceRequest = (typeof DEVICES)[number];
export type Device = Exclude<DeviceRequest, 'auto'>;

export interface SessionOnDevice {
  session: ort.InferenceSession;
  device: Device;
  /** Why the device in use is not the one asked for (or, for auto, why the faster ones were skipped). */
  note?: string;
  /** Milliseconds to create the session that is in use. */
  createMs: number;
}

/** Directory of onnxruntime-node's native binding for this platform (where provider libraries must sit). */
export function ortBinaryDirectory(): string | undefined {
  try {
    const root = path.dirname(path.dirname(require.resolve('onnxruntime-node')));
    const dir = path.join(root, 'bin', 'napi-v6', process.platform, process.arch);
    return fs.existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The CUDA provider can only load when its library sits next to the binding. */
export function cudaProviderPresent(): boolean {
  const dir = ortBinaryDirectory();
  const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return !!dir && fs.existsSync(path.join(dir, lib));
}

export interface SessionSettings {
  intraOpThreads?: number;
}

function options(device: Device, settings: SessionSettings): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [device],
    graphOptimizationLevel: 'all',
    // Warnings (unused initializers, missing Vulkan) go to the returned note, not to the user's terminal.
    logSeverityLevel: 3,
    ...(settings.intraOpThreads ? { intraOpNumThreads: settings.intraOpThreads } : {}),
  };
}

/** First line of onnxruntime's error, without its "[ErrorCode:...]" prefix, source location and failed check. */
export function ortReason(e: unknown): string {
  const text =
    String((e as Error)?.message ?? e)
      .split('\n')
      .find(l => l.trim()) ?? 'unknown error';
  const reason = text.replace(/^\s*(\[[^\]]*\]\s*)+/, '').trim();
  const afterCheck = reason.split(' was false. ');
  return (afterCheck.length > 1 ? afterCheck[afterCheck.length - 1] : reason)
    .replace(/^\S+\.(cc|cpp|h):\d+\s+/, '')
    .trim();
}

/**
 * WebGPU drives the GPU through Vulkan on Linux. Without the Vulkan loader there is no adapter, and trying prints
 * a warning on stderr, so `auto` skips it; an explicit request still tries.
 */
export function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/lib/x86_64-linux-gnu',
    '/usr/local/lib',
  ];
  return dirs.some(d => fs.existsSync(path.join(d, 'libvulkan.so.1')));
}

/**
 * Creates a session on the requested device. `auto` tries CUDA (only when its provider library is installed),
 * then WebGPU, then the CPU. A CPU failure is the model's own fault and is thrown.
 */
export async function createSession(
  onnx: string | Uint8Array,
  request: DeviceRequest,
  settings: SessionSettings = {},
): Promise<SessionOnDevice> {
  const tries: Device[] = request === 'auto' ? ['cuda', 'webgpu'] : request === 'cpu' ? [] : [request];
  const reasons: string[] = [];
  for (const device of tries) {
    if (device === 'cuda' && !cudaProviderPresent()) {
      reasons.push('cuda: libonnxruntime_providers_cuda.so is not installed next to onnxruntime-node');
      continue;
    }
    if (device === 'webgpu' && request === 'auto' && !vulkanLoaderPresent()) {
      reasons.push('webgpu: no Vulkan loader (libvulkan.so.1) on this machine');
      continue;
    }
    const t0 = performance.now();
    try {
      const session = await createOn(onnx, device, settings);
      return {
        session,
        device,
        createMs: performance.now() - t0,
        ...(reasons.length ? { note: reasons.join('; ') } : {}),
      };
    } catch (e) {
      reasons.push(`${device}: ${ortReason(e)}`);
    }
  }
  const t0 = performance.now();
  const session = await createOn(onnx, 'cpu', settings);
  const note = reasons.length ? `using the CPU (${reasons.join('; ')})` : undefined;
  return { session, device: 'cpu', createMs: performance.now() - t0, ...(note ? { note } : {}) };
}

function createOn(onnx: string | Uint8Array, device: Device, settings: SessionSettings): Promise<ort.InferenceSession> {
  const o = options(device, settings);
  return typeof onnx === 'string' ? ort.InferenceSession.create(onnx, o) : ort.InferenceSession.create(onnx, o);
}
