// The shipped survey catalog, typed. The JSON is validated by the build (scripts/validate-survey.mjs), so the casts
// here only restate what the build already checked. No Node or editor imports: the webview bundles this too.
import referencesJson from './data/references.json';
import taxonomyJson from './data/taxonomy.json';
import benchmarksJson from './data/benchmarks.json';
import runnableJson from './data/runnable.json';
import type { Benchmarks, Catalog, Runnable, Taxonomy } from './types';

export interface SurveyData {
  catalog: Catalog;
  taxonomy: Taxonomy;
  benchmarks: Benchmarks;
  runnable: Readonly<Record<string, Runnable>>;
}

export const surveyData: SurveyData = {
  catalog: referencesJson as unknown as Catalog,
  taxonomy: taxonomyJson as unknown as Taxonomy,
  benchmarks: benchmarksJson as unknown as Benchmarks,
  runnable: runnableJson as unknown as Record<string, Runnable>,
};
