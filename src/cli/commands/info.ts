import type { CliCommand } from '../command';
import { parse } from '../args';
import { runtimeInfo } from '../../core/info';

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'print the versions of MolML, RDKit and onnxruntime in use',
  usage: 'molml info [--json]',
  async run(argv, io) {
    const { values } = parse(argv, { json: { type: 'boolean' } });
    const info = await runtimeInfo();
    io.out(
      values.json
        ? JSON.stringify(info)
        : Object.entries(info)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n'),
    );
    return 0;
  },
};
