"""scikit-learn 1.2.1's GridSearchCV tables for MlNetHpo's results options: return_train_score, a numeric error_score and the
neg_ sign convention of error metrics.

Run with Debian's scikit-learn 1.2.1:  /usr/bin/python3 tests/references/results/generate.py
Reads ../linear/diabetes.csv (x0..x9, y as float32) and writes references.json next to this script:
  train_scores   Ridge, alpha in [0.01, 1, 100], KFold(3), scoring neg_mean_squared_error, return_train_score=True
  error_score    Ridge, alpha in [-1, 0.1, 10] (alpha -1 fails every fit), KFold(3), scoring r2, error_score=0,
                 return_train_score=True
Each table holds the cv_results_ columns named as scikit-learn names them, without the times.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold

HERE = os.path.dirname(os.path.abspath(__file__))
assert sklearn.__version__ == "1.2.1", sklearn.__version__

data = np.loadtxt(os.path.join(HERE, "..", "linear", "diabetes.csv"), delimiter=",", skiprows=1, dtype=np.float32).astype(np.float64)
X, y = data[:, :10], data[:, 10]


def table(grid, **search):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = GridSearchCV(Ridge(), grid, cv=KFold(3), return_train_score=True, **search).fit(X, y)
    r = result.cv_results_
    columns = {k: [float(v) if isinstance(v, (float, np.floating)) else int(v) for v in r[k]]
               for k in r if k.startswith(("split", "mean_t", "std_t", "rank_"))}
    return {
        "alpha": [p["alpha"] for p in r["params"]],
        "columns": columns,
        "best_index": int(result.best_index_),
        "best_score": float(result.best_score_),
        "warnings": [str(w.message).strip().splitlines()[0] for w in caught],
    }


references = {
    "sklearn_version": sklearn.__version__,
    "train_scores": table({"alpha": [0.01, 1.0, 100.0]}, scoring="neg_mean_squared_error"),
    "error_score": table({"alpha": [-1.0, 0.1, 10.0]}, scoring="r2", error_score=0),
}
with open(os.path.join(HERE, "references.json"), "w") as f:
    json.dump(references, f, indent=1)
