import type { CliCommand } from '../command';
import { parse } from '../args';
import { listModels, defaultModelDirectory } from '../../core/model/registry';

export const modelsCommand: CliCommand = {
  name: 'models',
  summary: 'list the available models (the default one and --model directories) and their tasks',
  usage: 'molml models [--model DIR]... [--json]',
  async run(argv, io) {
    const { values } = parse(argv, { model: { type: 'string', multiple: true }, json: { type: 'boolean' } });
    const def = defaultModelDirectory();
    const dirs = [...(def ? [def] : []), ...(values.model ?? [])];
    const { models, problems } = listModels(dirs);
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            models: models.map(m => ({
              directory: m.directory,
              ...m.manifest,
              ...(m.manifest.input.kind === 'smiles'
                ? {
                    input: {
                      ...m.manifest.input,
                      tokenizer: {
                        ...m.manifest.input.tokenizer,
                        vocabulary: m.manifest.input.tokenizer.vocabulary.length,
                      },
                    },
                  }
                : {}),
            })),
            problems,
          },
          null,
          1,
        ),
      );
    } else {
      if (!dirs.length) io.out('no models: this build has no default model; pass --model DIR');
      for (const { directory, manifest: m } of models) {
        const input =
          m.input.kind === 'smiles'
            ? `SMILES tokens (max ${m.input.tokenizer.maxLength})`
            : `graph (${m.input.featurization})`;
        io.out(`${m.id}@${m.version}${directory === def ? ' (default)' : ''}`);
        io.out(
          `  ${m.name ?? ''}${m.name ? ' - ' : ''}input: ${input}; embedding: ${m.outputs.embedding}${m.outputs.embeddingDim ? ` [${m.outputs.embeddingDim}]` : ''}; licence: ${m.licence}`,
        );
        io.out(`  directory: ${directory}`);
        const tasks = m.tasks ?? [];
        if (!tasks.length) io.out('  tasks: none (embeddings only; train a head with molml train)');
        for (const t of tasks)
          io.out(
            `  task ${t.name}: ${t.type}${t.units ? ` (${t.units})` : ''}${t.description ? ` - ${t.description}` : ''}`,
          );
      }
    }
    for (const p of problems) io.err(p.message);
    return problems.length ? 2 : 0;
  },
};
