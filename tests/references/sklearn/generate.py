#!/usr/bin/python3
"""Regenerates the scikit-learn references of the tests from the Titanic files in data/titanic/.

Run with Debian's python3-sklearn and python3-pandas (scikit-learn 1.2.1, numpy 1.24.2, scipy 1.10.1, pandas 1.5.3,
Python 3.11.2):
    /usr/bin/python3 tests/references/sklearn/generate.py [OUT_DIR]     (default: this folder)
Writes, per revision (tutorial-2023, current): folds.json, grid_cv_results.csv, random_cv_results.csv,
seed_results.json; and lr_reference.json for both. numpy's global seed is set to 0 before each search and
each fit (sag, saga and liblinear draw from it when random_state is None, as in the tutorial).
"""
import csv
import json
import math
import os
import platform
import sys
import warnings

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, ParameterGrid, RandomizedSearchCV, StratifiedKFold

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "data", "titanic"))
REVISIONS = {"tutorial-2023": "92b734f", "current": "head"}
GRID = dict(C=[0.001, 0.01, 0.1, 1, 10, 100, 1000],
            penalty=["l1", "l2", "elasticnet", None],
            solver=["newton-cg", "lbfgs", "liblinear", "sag", "saga"])
# The numbers the tutorial printed (scikit-learn 1.2.1 reproduces them on the tutorial-2023 files).
EXPECTED = {"base_accuracy": 0.8473282442748091,
            "grid_best_params": {"C": 10, "penalty": "l1", "solver": "liblinear"},
            "grid_accuracy": 0.851145038167939,
            "random_best_params": {"solver": "lbfgs", "penalty": "l2", "C": 29.763514416313132},
            "random_search_accuracy": 0.851145038167939}


def load(path):
    # pandas parses the CSV as the tutorial does (its float parser can differ from Python's in the last bit).
    frame = pd.read_csv(path)
    x = frame.drop(columns="Survived")
    return list(x.columns), x, frame["Survived"]


def number(x):
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else "%.17g" % x


def save_cv_results(search, path, space):
    r = search.cv_results_
    keys = sorted(space)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["candidate", "params"] + ["param_" + k for k in keys]
                   + ["mean_test_score", "std_test_score", "rank_test_score"]
                   + ["split%d_test_score" % k for k in range(5)] + ["mean_fit_time"])
        for i, params in enumerate(r["params"]):
            values = [r["param_" + k][i] for k in keys]
            w.writerow([i, json.dumps(params)]
                       + ["" if v is None else (number(v) if isinstance(v, float) else v) for v in values]
                       + [number(r["mean_test_score"][i]), number(r["std_test_score"][i]), r["rank_test_score"][i]]
                       + [number(r["split%d_test_score" % k][i]) for k in range(5)] + [number(r["mean_fit_time"][i])])


def summary(search):
    r = search.cv_results_
    means = r["mean_test_score"]
    best = np.nanmax(means)
    order = sorted(range(len(means)), key=lambda i: (r["rank_test_score"][i], i))
    return {"n_candidates": len(means),
            "n_failed_candidates_nan_mean": int(np.isnan(means).sum()),
            "n_nan_split_scores": int(sum(np.isnan(r["split%d_test_score" % k]).sum() for k in range(5))),
            "best_mean_test_score": float(best), "best_score_": float(search.best_score_),
            "best_index_": int(search.best_index_), "best_params_": search.best_params_,
            "n_tied_best": int((means == best).sum()),
            "tied_best_params": [r["params"][i] for i in range(len(means)) if means[i] == best],
            "top10": [{"candidate": i, "params": r["params"][i], "mean_test_score": float(means[i]),
                       "std_test_score": float(r["std_test_score"][i]), "rank_test_score": int(r["rank_test_score"][i])}
                      for i in order[:10]]}


def revision(name, out):
    features, x, y = load(os.path.join(DATA, name, "clean_titanic_train.csv"))
    _, x_test, y_test = load(os.path.join(DATA, name, "clean_titanic_test.csv"))
    os.makedirs(os.path.join(out, name), exist_ok=True)

    folds = [{"fold": k, "train_idx": tr.tolist(), "test_idx": te.tolist(), "n_train": len(tr), "n_test": len(te),
              "test_pos_rate": float(y.iloc[te].mean())}
             for k, (tr, te) in enumerate(StratifiedKFold(n_splits=5).split(x, y))]
    file = "clean_titanic_train_92b734f.csv" if name == "tutorial-2023" else "clean_titanic_train.csv"
    with open(os.path.join(out, name, "folds.json"), "w") as f:
        json.dump({"description": "StratifiedKFold(n_splits=5, shuffle=False) on %s (0-based row positions, header excluded); "
                                  "identical to cv=5 used by GridSearchCV/RandomizedSearchCV for a classifier. "
                                  "Fold k scores = splitk_test_score." % file,
                   "n_rows": len(y), "sklearn_version": sklearn.__version__, "folds": folds}, f)

    np.random.seed(0)
    base = LogisticRegression().fit(x, y).score(x_test, y_test)
    np.random.seed(0)
    grid = GridSearchCV(LogisticRegression(), GRID, scoring="accuracy", cv=5).fit(x, y)
    save_cv_results(grid, os.path.join(out, name, "grid_cv_results.csv"), GRID)
    c_grid = np.logspace(-4, 4, 20)
    random_space = dict(solver=GRID["solver"], penalty=GRID["penalty"], C=c_grid)
    np.random.seed(0)
    random = RandomizedSearchCV(LogisticRegression(), random_space, n_iter=100, scoring="accuracy", cv=5,
                                random_state=42).fit(x, y)
    save_cv_results(random, os.path.join(out, name, "random_cv_results.csv"), random_space)

    got = {"base_accuracy": base, "grid_best_params": grid.best_params_, "grid_accuracy": grid.score(x_test, y_test),
           "random_best_params": {k: (float(v) if isinstance(v, np.floating) else v) for k, v in random.best_params_.items()},
           "random_search_accuracy": random.score(x_test, y_test)}
    within = all(abs(got["random_best_params"][k] - EXPECTED["random_best_params"][k]) <= 1e-12
                 if isinstance(EXPECTED["random_best_params"][k], float) else got["random_best_params"][k] == EXPECTED["random_best_params"][k]
                 for k in EXPECTED["random_best_params"])
    with open(os.path.join(out, name, "seed_results.json"), "w") as f:
        json.dump({"data_rev": REVISIONS[name], "global_numpy_seed": "0", "sklearn_version": sklearn.__version__,
                   "numpy_version": np.__version__, "python": platform.python_version(),
                   "got": got, "expected": EXPECTED, "all_match": got == EXPECTED,
                   "random_C_grid_hex": [float(c).hex() for c in c_grid], "random_C_grid_repr": [repr(float(c)) for c in c_grid],
                   "random_best_params_match_within_1e-12": within,
                   "grid": summary(grid), "random": summary(random)}, f, indent=1, default=float)

    fits = []
    for params in [{}] + list(ParameterGrid(GRID)):
        np.random.seed(0)
        try:
            model = LogisticRegression(**params).fit(x, y)
        except (ValueError, TypeError) as e:
            fits.append({"params": params, "error": "%s: %s" % (type(e).__name__, e)})
            continue
        fits.append({"params": params, "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0]),
                     "n_iter": int(model.n_iter_[0]), "test_accuracy": model.score(x_test, y_test),
                     "test_proba": [round(float(p), 10) for p in model.predict_proba(x_test)[:, 1]]})
    return {"features": features, "label": "Survived", "fits": fits}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    warnings.filterwarnings("ignore")
    revisions = {name: revision(name, out) for name in ["current", "tutorial-2023"]}
    with open(os.path.join(out, "lr_reference.json"), "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, "grid": GRID, "revisions": revisions}, f, indent=1)
    print("scikit-learn %s, numpy %s, scipy %s, pandas %s, Python %s -> %s" % (
        sklearn.__version__, np.__version__, scipy.__version__, pd.__version__, platform.python_version(), out))


if __name__ == "__main__":
    main()
