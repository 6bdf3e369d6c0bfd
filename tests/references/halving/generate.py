"""Successive-halving schedules of scikit-learn 1.2's HalvingGridSearchCV, for tests/MlNetHpo.Tests (HalvingScheduleTests).

Run with Debian's python3-sklearn 1.2.1: /usr/bin/python3 generate.py > schedules.json
Each case fits a HalvingGridSearchCV of a trivial estimator over a grid of n_candidates points, resource n_samples on a
data set of max_resources rows (or a fixed max_resources), and records n_candidates_, n_resources_ and n_iterations_.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingGridSearchCV, KFold


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


if __name__ == "__main__":
    main()
