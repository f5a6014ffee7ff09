import type { CliCommand } from '../command';
import { intOption, oneOf, parse, UsageError } from '../args';
import { openDuck, openScreenTable, topRows, QueryError } from '../../core/screen/duckdb';
import { ScreenFolderError } from '../../core/screen/folder';
import { guarded, emit, checkOut, csvLine, outputOptions, CommandError } from '../model-support';

/** A value for CSV at full precision (csvLine rounds numbers to 7 digits, which would change row numbers). */
function cell(v: string | number | null | undefined): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

export const topCommand: CliCommand = {
  name: 'top',
  summary: 'the best-ranked rows of a screen folder (molml screen), with an optional filter, through DuckDB',
  usage: 'molml top DIR --by COLUMN [--asc] [--k 100] [--where EXPR] [--format csv|json] [--out FILE [--force]]',
  notes: [
    'Ranks the finished parts of DIR by COLUMN, highest first (--asc: lowest first; empty values last).',
    "--where filters on the table's columns with numbers, 'strings', = != <> < <= > >= + - * / %, AND, OR, NOT,",
    "IS [NOT] NULL, BETWEEN, IN (...), LIKE and parentheses, e.g. --where 'ad_similarity > 0.5 AND pred_logS > -4'.",
    'Nothing else is accepted (no functions, no subqueries, no ;). Exit codes: 0 ok, 2 usage error (unknown column,',
    'bad filter), not a screen folder or I/O error. Details: docs/screen.md.',
  ].join('\n'),
  run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        by: { type: 'string' },
        asc: { type: 'boolean' },
        k: { type: 'string' },
        where: { type: 'string' },
        format: { type: 'string' },
        ...outputOptions,
      },
      1,
    );
    return guarded(io, 'top', async () => {
      if (positionals.length !== 1) throw new UsageError('give one screen folder');
      if (!values.by) throw new UsageError('--by COLUMN is required');
      const k = intOption('k', values.k, 100, 1, 1_000_000);
      const format = oneOf(
        'format',
        values.format,
        ['csv', 'json'] as const,
        values.out?.toLowerCase().endsWith('.json') ? 'json' : 'csv',
      );
      const check = { force: values.force ?? false };
      checkOut(values.out, check);
      const duck = await openDuck();
      try {
        const table = await openScreenTable(duck, positionals[0]);
        const result = await topRows(duck, table, {
          by: values.by,
          ascending: values.asc ?? false,
          k,
          ...(values.where !== undefined ? { where: values.where } : {}),
        });
        if (!table.parts.length) io.err(`note: ${positionals[0]} has no finished parts yet`);
        const text =
          format === 'json'
            ? JSON.stringify(result.rows, null, 1) + '\n'
            : [csvLine(result.columns), ...result.rows.map(r => csvLine(result.columns.map(c => cell(r[c]))))].join(
                '\n',
              ) + '\n';
        emit(io, values.out, text, check);
        return 0;
      } catch (e) {
        if (e instanceof QueryError) throw new CommandError(e.message);
        if (e instanceof ScreenFolderError) throw new CommandError(e.message);
        throw e;
      } finally {
        duck.close();
      }
    });
  },
};
