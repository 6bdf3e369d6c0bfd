"""References of scikit-learn 1.2's successive halving, for tests/MlNetHpo.Tests/Halving.

Run with Debian's python3-sklearn 1.2.1 (numpy 1.24.2): /usr/bin/python3 generate.py > schedules.json
  schedules.json  each case fits a HalvingGridSearchCV of a trivial estimator over a grid of n_candidates points, resource
                  n_samples on a data set of max_resources rows (or a fixed max_resources), and records n_candidates_,
                  n_resources_ and n_iterations_.
/usr/bin/python3 generate.py searches > searches.json
  searches.json   whole HalvingGridSearchCV runs: LogisticRegression on the Titanic tutorial rows (resource n_samples,
                  subsampled by _SubsampleMetaSplitter with random_state=0) and Lasso on diabetes (resource max_iter), with
                  every cv_results_ row (iter, n_resources, params, split scores), n_candidates_, n_resources_, best_index_,
                  best_params_; plus numpy's argsort (the order _top_k keeps candidates in, ties and NaN included) and
                  sklearn.utils.resample(replace=False, random_state=s) (the subsample of a fold) on small arrays.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingGridSearchCV, HalvingRandomSearchCV, KFold


class Scored(ClassifierMixin, BaseEstimator):
    """Scores its parameter a, so the kept candidates are deterministic."""

    def __init__(self, a=0):
        self.a = a

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.zeros(len(X), dtype=int)

    def score(self, X, y):
        return float(self.a)


CASES = [
    # n_candidates, factor, min_resources, max_resources, aggressive_elimination, n_samples, n_classes
    (100, 3, "exhaust", "auto", False, 1000, 2),
    (100, 3, "smallest", "auto", False, 1000, 2),
    (100, 3, "smallest", "auto", True, 1000, 2),
    (100, 2, "smallest", "auto", False, 1000, 2),
    (100, 2, "exhaust", "auto", False, 1000, 2),
    (30, 3, 20, "auto", False, 1000, 3),
    (30, 3, 20, 400, False, 1000, 3),
    (50, 4, 10, "auto", True, 200, 2),
    (50, 4, 10, "auto", False, 200, 2),
    (7, 3, "exhaust", "auto", False, 891, 2),
    (140, 3, "exhaust", "auto", False, 891, 2),
    (140, 3, "smallest", "auto", True, 891, 2),
    (1, 3, "smallest", "auto", False, 100, 2),
    (10, 5, 3, "auto", False, 60, 3),
    (30, 3, "smallest", "auto", False, 1000, 3),
    (30, 3, "exhaust", "auto", True, 1000, 3),
    (81, 3, "exhaust", "auto", False, 1000, 2),
    (1000, 10, 1, "auto", False, 1000, 2),
]


def main():
    cases = []
    for n_candidates, factor, min_resources, max_resources, aggressive, n_samples, n_classes in CASES:
        X = np.zeros((n_samples, 1))
        y = np.arange(n_samples) % n_classes
        search = HalvingGridSearchCV(
            Scored(), {"a": list(range(n_candidates))}, factor=factor, min_resources=min_resources,
            max_resources=max_resources, aggressive_elimination=aggressive, cv=KFold(5), refit=False)
        search.fit(X, y)
        cases.append({
            "n_candidates": n_candidates, "factor": factor, "min_resources": min_resources,
            "max_resources": max_resources, "aggressive_elimination": aggressive, "n_samples": n_samples,
            "n_classes": n_classes, "n_splits": 5,
            "n_candidates_": [int(v) for v in search.n_candidates_],
            "n_resources_": [int(v) for v in search.n_resources_],
            "n_iterations_": int(search.n_iterations_),
            "n_required_iterations_": int(search.n_required_iterations_),
            "n_possible_iterations_": int(search.n_possible_iterations_),
            "min_resources_": int(search.min_resources_),
            "max_resources_": int(search.max_resources_),
        })
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


def searches():
    import os
    import warnings

    import pandas as pd
    from sklearn.linear_model import Lasso, LogisticRegression
    from sklearn.utils import resample

    here = os.path.dirname(os.path.abspath(__file__))
    titanic = pd.read_csv(os.path.join(here, "..", "..", "..", "data", "titanic", "tutorial-2023", "clean_titanic_train.csv"))
    xt, yt = titanic.drop(columns="Survived"), titanic["Survived"]
    # diabetes.csv holds float32 values (what ML.NET reads), widened to float64 here as in ../linear/generate.py.
    diabetes = np.loadtxt(os.path.join(here, "..", "linear", "diabetes.csv"), delimiter=",", skiprows=1)
    xd, yd = diabetes[:, :-1], diabetes[:, -1]

    def run(name, estimator, grid, x, y, **settings):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            search = HalvingGridSearchCV(estimator, grid, random_state=0, **settings).fit(x, y)
        r = search.cv_results_
        n_splits = 5
        return {
            "name": name, "settings": {k: v for k, v in settings.items() if k != "cv"},
            "n_candidates_": [int(v) for v in search.n_candidates_],
            "n_resources_": [int(v) for v in search.n_resources_],
            "best_index_": int(search.best_index_), "best_params_": search.best_params_,
            "best_score_": float(search.best_score_),
            "rows": [{"iter": int(r["iter"][i]), "n_resources": int(r["n_resources"][i]), "params": r["params"][i],
                      "mean_test_score": None if np.isnan(r["mean_test_score"][i]) else float(r["mean_test_score"][i]),
                      "split_test_scores": [None if np.isnan(r["split%d_test_score" % k][i]) else float(r["split%d_test_score" % k][i])
                                            for k in range(n_splits)]}
                     for i in range(len(r["params"]))],
        }

    c12 = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 1000]
    runs = [
        run("titanic rows exhaust", LogisticRegression(), {"C": c12}, xt, yt,
            scoring="accuracy", factor=3, min_resources="exhaust"),
        # Fits on a few dozen rows put test points within 1e-5 of the decision boundary, where our exact optimum and lbfgs's
        # stopping point may disagree: the smallest starts here are 80 and 60 rows ("smallest" itself is in schedules.json).
        run("titanic rows factor 2", LogisticRegression(), {"C": c12}, xt, yt,
            scoring="accuracy", factor=2, min_resources=80),
        run("titanic rows aggressive", LogisticRegression(), {"C": list(np.logspace(-2, 3, 30))}, xt, yt,
            scoring="accuracy", factor=3, min_resources=60, max_resources=300, aggressive_elimination=True),
        run("diabetes max_iter", Lasso(), {"alpha": [0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0]}, xd, yd,
            cv=KFold(5), factor=3, resource="max_iter", min_resources=1, max_resources=27),
    ]

    # HalvingRandomSearchCV's defaults (n_candidates="exhaust", min_resources="smallest") on iris: 3 classes, 5 folds.
    from scipy.stats import loguniform
    iris = np.loadtxt(os.path.join(here, "..", "logistic", "iris.csv"), delimiter=",", skiprows=1, usecols=(0, 1, 2, 3))
    species = np.loadtxt(os.path.join(here, "..", "logistic", "iris.csv"), delimiter=",", skiprows=1, usecols=4, dtype=str)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        random = HalvingRandomSearchCV(LogisticRegression(), {"C": loguniform(0.01, 100)}, random_state=0).fit(iris, species)
    random_iris = {"n_candidates_": [int(v) for v in random.n_candidates_], "n_resources_": [int(v) for v in random.n_resources_],
                   "min_resources_": int(random.min_resources_)}

    rng = np.random.RandomState(7)
    argsorts = []
    for n in [1, 2, 5, 16, 17, 30, 100, 257]:
        values = rng.randint(0, max(2, n // 4), size=n).astype(float) / 7
        values[rng.rand(n) < 0.1] = np.nan
        argsorts.append({"values": [None if np.isnan(v) else float(v) for v in values],
                         "argsort": [int(i) for i in np.argsort(values)]})
    resamples = []
    for n, k, seed in [(10, 4, 0), (712, 79, 0), (713, 237, 3), (5, 5, 1), (100, 0, 0)]:
        resamples.append({"n": n, "n_samples": k, "seed": seed,
                          "indices": [int(i) for i in resample(np.arange(n), replace=False, random_state=seed, n_samples=k)]})
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "runs": runs, "random_iris": random_iris, "argsorts": argsorts,
               "resamples": resamples}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["searches"]:
        searches()
    else:
        main()
