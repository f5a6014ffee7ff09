"""scikit-learn's side of bench/train.mjs: Ridge for every (fold, alpha) on the same fingerprints and folds, then the
all-rows fit at the alpha with the lowest out-of-fold RMSE (as GridSearchCV refits). Reads the JSON that
bench/train.mjs writes (on-bits, labels, folds, alphas) and prints JSON: seconds, chosen alpha, out-of-fold predictions.
"""
import json, sys, time
import numpy as np
import sklearn
from sklearn.linear_model import Ridge

data = json.load(open(sys.argv[1]))
y = np.array(data['y'])
folds = np.array(data['folds'])
alphas = data['alphas']
X = np.zeros((len(y), data['cols']))
for i, bits in enumerate(data['onBits']):
    X[i, bits] = 1
t0 = time.perf_counter()
oof = np.zeros((len(alphas), len(y)))
for f in range(folds.max() + 1):
    train, test = folds != f, folds == f
    for g, a in enumerate(alphas):
        oof[g, test] = Ridge(alpha=a).fit(X[train], y[train]).predict(X[test])
best = int(np.argmin(np.sqrt(((oof - y) ** 2).mean(axis=1))))
final = Ridge(alpha=alphas[best]).fit(X, y)
seconds = time.perf_counter() - t0
print(json.dumps({'seconds': seconds, 'alpha': alphas[best], 'oof': oof[best].tolist(),
                  'intercept': float(final.intercept_), 'sklearn': sklearn.__version__}))
