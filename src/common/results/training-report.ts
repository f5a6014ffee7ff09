// Names and order of the training report's metrics. Pure.

export const METRIC_TITLES: Record<string, string> = {
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  rocAuc: 'ROC AUC',
  accuracy: 'Accuracy',
};

/** Which way is better, for the view's "best" mark. */
export const LOWER_IS_BETTER = new Set(['rmse', 'mae']);

export function metricKeys(task: 'regression' | 'classification'): string[] {
  return task === 'regression' ? ['rmse', 'mae', 'r2'] : ['rocAuc', 'accuracy'];
}

/** The baseline's name: what a model must beat to have learnt anything. */
export function baselineName(task: 'regression' | 'classification'): string {
  return task === 'regression' ? 'Mean of the training folds' : 'Class prior of the training folds';
}
