// Validates the shipped survey data (src/common/survey/data/*.json) with the same checks the unit tests use; the build
// (esbuild.config.mjs) runs it first and stops on any problem.
//   node scripts/validate-survey.mjs                    validate
//   node scripts/validate-survey.mjs --data <dir>       validate the four files in another folder
//   node scripts/validate-survey.mjs --import <dir>     first regenerate references.json and benchmarks.json from
//                                                       the compiled survey files in <dir>, keeping facts only
import { importTs } from './import-ts.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shippedData = path.join(root, 'src/common/survey/data');
const readFrom = dir => name => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));

/** Keeps the verified facts of the compiled catalog; drops unverified author lists, working notes and prose. */
function importFrom(dir, dataDir) {
  const src = JSON.parse(fs.readFileSync(path.join(dir, 'references.json'), 'utf8'));
  const prov = src.provenance.companion_list;
  const catalog = {
    survey: {
      title: src.survey.title,
      authors: src.survey.authors,
      venue: src.survey.venue,
      year: src.survey.year,
      pages: src.survey.pages,
      arxiv: src.survey.arxiv,
      doi: src.survey.doi,
      companionList: src.survey.companion_list,
    },
    source: { repository: prov.repository, commit: prov.commit, date: prov.commit_date },
    references: src.entries.map(e => {
      const verified = e.authors_status === 'verified';
      return {
        id: e.id,
        title: e.title,
        authors: verified ? e.authors : [],
        authorsStatus: verified ? 'verified' : 'unverified',
        venue: e.venue,
        year: e.year,
        ...(e.pages ? { pages: e.pages } : {}),
        links: e.links,
        model: e.model,
        scope: e.scope,
        ...(e.kind ? { kind: e.kind } : {}),
        tags: {
          descriptor: e.tags.descriptor,
          multimodal: e.tags.multimodal,
          architecture: e.tags.architecture.map(a => ({ family: a.family, kind: a.kind })),
          strategy: e.tags.strategy.map(s => s.abbr),
          applications: e.tags.applications,
        },
        tagBasis: e.tag_basis === 'survey-recalled' ? 'survey' : 'assigned',
        pretrainingData: e.pretraining_data.map(d => ({ dataset: d.dataset, size: d.size ?? null })),
      };
    }),
  };
  const b = JSON.parse(fs.readFileSync(path.join(dir, 'benchmarks.json'), 'utf8'));
  const benchmarks = {
    notes: b.notes.filter(n => !/compiler|re-verify/i.test(n)),
    datasets: Object.fromEntries(
      Object.entries(b.datasets).map(([k, d]) => [
        k,
        {
          metric: d.metric,
          higherIsBetter: d.higher_is_better,
          molecules: d.molecules,
          tasks: d.tasks,
          ...(d.unit ? { unit: d.unit } : {}),
        },
      ]),
    ),
    protocols: b.protocols,
    rows: b.tables.map(t => ({
      model: t.model,
      variant: t.variant,
      kind: t.kind,
      paperId: t.source.paper_id,
      paper: t.source.paper,
      table: t.source.table,
      protocol: t.protocol,
      reportedBy: t.reported_by,
      confidence: t.confidence,
      // A missing spread is stored as null in the source; here it is simply absent.
      values: Object.fromEntries(Object.entries(t.values).map(([k, v]) => [k, v.std == null ? { mean: v.mean } : v])),
      notes: t.notes,
    })),
  };
  fs.writeFileSync(path.join(dataDir, 'references.json'), JSON.stringify(catalog, null, 1) + '\n');
  fs.writeFileSync(path.join(dataDir, 'benchmarks.json'), JSON.stringify(benchmarks, null, 1) + '\n');
}

/** Runs the TypeScript validator (src/core/survey/schema.ts) without a separate compile step. */
export async function validateSurvey(dataDir = shippedData) {
  const read = readFrom(dataDir);
  const mod = await importTs(path.join(root, 'src/core/survey/schema.ts'));
  const errors = mod.validateSurveyData({
    references: read('references.json'),
    taxonomy: read('taxonomy.json'),
    benchmarks: read('benchmarks.json'),
    runnable: read('runnable.json'),
  });
  if (errors.length > 0) {
    throw new Error(`survey data is invalid (${errors.length} problems):\n  ${errors.slice(0, 50).join('\n  ')}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = name => {
    const i = process.argv.indexOf(name);
    return i > 0 ? path.resolve(process.argv[i + 1]) : null;
  };
  const dataDir = arg('--data') ?? shippedData;
  const source = arg('--import');
  if (source) importFrom(source, dataDir);
  try {
    await validateSurvey(dataDir);
    console.log('survey data: valid');
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
