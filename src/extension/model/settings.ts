// The inference settings (molml.inference.*, molml.models) as typed values.
import * as vscode from 'vscode';
import { DEVICES, type DeviceRequest } from '../../core/model/providers';
import type { ConfiguredModel } from '../../core/model/trust';
import { PRECISIONS } from '../../core/model/manifest';
import type { PrecisionRequest } from '../../core/model/runtime';

export function inferenceDevice(): DeviceRequest {
  const v = vscode.workspace.getConfiguration('molml').get<string>('inference.device', 'auto');
  return (DEVICES as readonly string[]).includes(v) ? (v as DeviceRequest) : 'auto';
}

export function inferencePrecision(): PrecisionRequest {
  const v = vscode.workspace.getConfiguration('molml').get<string>('inference.precision', 'auto');
  return (['auto', ...PRECISIONS] as readonly string[]).includes(v) ? (v as PrecisionRequest) : 'auto';
}

/** Molecules per session call; 0 lets the model's manifest decide. */
export function inferenceBatchSize(): number | undefined {
  const v = vscode.workspace.getConfiguration('molml').get<number>('inference.batchSize', 0);
  return Number.isInteger(v) && v > 0 ? Math.min(v, 4096) : undefined;
}

/** molml.models entries with the scope each came from (workspace values only count in a trusted workspace). */
export function configuredModels(): ConfiguredModel[] {
  const info = vscode.workspace.getConfiguration('molml').inspect<unknown>('models');
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  return [
    ...list(info?.globalValue).map(p => ({ path: p, scope: 'user' as const })),
    ...list(info?.workspaceValue).map(p => ({ path: p, scope: 'workspace' as const })),
    ...list(info?.workspaceFolderValue).map(p => ({ path: p, scope: 'workspace' as const })),
  ];
}

/** molml.predict.measuredColumns: task name → the file column that measures it, compared whatever the units. */
export function measuredColumns(): Record<string, string> {
  const v = vscode.workspace.getConfiguration('molml').get<unknown>('predict.measuredColumns', {});
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
