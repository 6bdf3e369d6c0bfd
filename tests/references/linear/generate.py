"""Reference values for MlNetHpo's Ridge, Lasso, ElasticNet and LinearRegression trainers and the CLI's standardization.

Run with Debian's scikit-learn 1.2.1:  /usr/bin/python3 tests/references/linear/generate.py
Writes, next to this script:
  diabetes.csv        sklearn.datasets.load_diabetes (442 rows, 10 features, target), values as float32 (what ML.NET reads)
  generated.csv       make_regression(120 x 6, random_state=0) plus an exact copy of column 0 (rank-deficient for LinearRegression)
                      and a positive Weight column
  wide.csv            make_regression(15 x 30, random_state=2): more features than rows
  breast_cancer.csv   sklearn.datasets.load_breast_cancer (569 rows, 30 features, target 0/1), float32
  references.json     fits (coef_, intercept_, n_iter_), GridSearchCV tables, and parameter-validation messages
Every model is fitted on the float32 values widened to float64, so both sides solve the same problem.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
assert sklearn.__version__ == "1.2.1", sklearn.__version__


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def write_csv(name, header, columns):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(",".join(header) + "\n")
        for row in zip(*columns):
            f.write(",".join(str(np.float32(v)) if not isinstance(v, (int, np.integer)) else str(v) for v in row) + "\n")


diabetes = load_diabetes()
Xd, yd = f32(diabetes.data), f32(diabetes.target)
names_d = [f"x{j}" for j in range(Xd.shape[1])]
write_csv("diabetes.csv", names_d + ["y"], [*Xd.T, yd])

Xg, yg = make_regression(n_samples=120, n_features=6, n_informative=4, noise=10.0, bias=3.0, random_state=0)
Xg = np.column_stack([Xg, Xg[:, 0]])
rng = np.random.RandomState(1)
wg = rng.uniform(0.5, 2.0, size=len(yg))
Xg, yg, wg = f32(Xg), f32(yg), f32(wg)
names_g = [f"x{j}" for j in range(Xg.shape[1])]
write_csv("generated.csv", names_g + ["y", "Weight"], [*Xg.T, yg, wg])

cancer = load_breast_cancer()
Xc = f32(cancer.data)
write_csv("breast_cancer.csv", [f"f{j}" for j in range(Xc.shape[1])] + ["target"], [*Xc.T, cancer.target.astype(int)])

# Wide data (more features than rows): the SVD of the transposed design, and LinearRegression's minimum-norm solution.
Xw, yw = make_regression(n_samples=15, n_features=30, n_informative=10, noise=1.0, random_state=2)
Xw, yw = f32(Xw), f32(yw)
write_csv("wide.csv", [f"x{j}" for j in range(Xw.shape[1])] + ["y"], [*Xw.T, yw])

sets = {"diabetes": (Xd, yd, None), "generated": (Xg, yg, wg), "wide": (Xw, yw, None)}


def fit_record(kind, params, data, weighted):
    X, y, w = sets[data]
    cls = {"Ridge": Ridge, "Lasso": Lasso, "ElasticNet": ElasticNet, "LinearRegression": LinearRegression}[kind]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = cls(**params).fit(X, y, sample_weight=w if weighted else None)
    n_iter = getattr(model, "n_iter_", None)
    return {
        "kind": kind, "data": data, "weighted": weighted, "params": params,
        "coef": model.coef_.tolist(), "intercept": float(model.intercept_),
        "n_iter": None if n_iter is None else int(np.max(n_iter)),
        "converged": not any(issubclass(c.category, ConvergenceWarning) for c in caught),
    }


fits = []
for data in ["diabetes", "generated"]:
    for fit_intercept in [True, False]:
        # Not on the generated set without intercept: its two identical columns leave a singular value at rounding level, which
        # gelsd's cutoff (eps * largest) happens to keep, giving coefficients of 1e15 that are rounding noise, not a reference.
        if data == "diabetes" or fit_intercept:
            fits.append(fit_record("LinearRegression", {"fit_intercept": fit_intercept}, data, False))
        for alpha in [0.001, 0.1, 1.0, 10.0, 100.0]:
            fits.append(fit_record("Ridge", {"alpha": alpha, "fit_intercept": fit_intercept}, data, False))
        for alpha in [0.01, 0.1, 1.0]:
            fits.append(fit_record("Lasso", {"alpha": alpha, "fit_intercept": fit_intercept, "tol": 1e-10, "max_iter": 100000}, data, False))
            for l1_ratio in [0.1, 0.5, 0.9]:
                fits.append(fit_record("ElasticNet", {"alpha": alpha, "l1_ratio": l1_ratio, "fit_intercept": fit_intercept, "tol": 1e-10, "max_iter": 100000}, data, False))
# Defaults (tol 1e-4, max_iter 1000): the dual-gap stopping rule decides where the fit stops.
for data in ["diabetes", "generated"]:
    fits.append(fit_record("Lasso", {"alpha": 0.1}, data, False))
    fits.append(fit_record("ElasticNet", {"alpha": 0.1, "l1_ratio": 0.5}, data, False))
    fits.append(fit_record("ElasticNet", {"alpha": 0.001, "l1_ratio": 0.5, "max_iter": 5}, data, False))
    fits.append(fit_record("Lasso", {"alpha": 0.1, "positive": True, "tol": 1e-10, "max_iter": 100000}, data, False))
    fits.append(fit_record("ElasticNet", {"alpha": 0.1, "l1_ratio": 0.5, "positive": True}, data, False))
for fit_intercept in [True, False]:
    fits.append(fit_record("LinearRegression", {"fit_intercept": fit_intercept}, "wide", False))
    fits.append(fit_record("Ridge", {"alpha": 1.0, "fit_intercept": fit_intercept}, "wide", False))
    fits.append(fit_record("Lasso", {"alpha": 0.5, "fit_intercept": fit_intercept, "tol": 1e-10, "max_iter": 100000}, "wide", False))
# Example weights (sample_weight) on the generated set.
fits.append(fit_record("LinearRegression", {}, "generated", True))
fits.append(fit_record("Ridge", {"alpha": 1.0}, "generated", True))
fits.append(fit_record("Lasso", {"alpha": 0.5, "tol": 1e-10, "max_iter": 100000}, "generated", True))
fits.append(fit_record("ElasticNet", {"alpha": 0.5, "l1_ratio": 0.3, "tol": 1e-10, "max_iter": 100000}, "generated", True))


def grid_table(estimator, grid, X, y, cv, scoring=None):
    search = GridSearchCV(estimator, grid, cv=cv, scoring=scoring).fit(X, y)
    r = search.cv_results_
    return {
        "params": [{k.split("__")[-1]: (v if not isinstance(v, np.generic) else v.item()) for k, v in p.items()} for p in r["params"]],
        "mean_test_score": r["mean_test_score"].tolist(),
        "split_test_scores": [r[f"split{k}_test_score"].tolist() for k in range(cv.get_n_splits())],
        "rank_test_score": r["rank_test_score"].tolist(),
        "best_index": int(search.best_index_), "best_score": float(search.best_score_),
    }


grids = {
    "ridge_diabetes": grid_table(Ridge(), {"alpha": [0.001, 0.01, 0.1, 1.0, 10.0]}, Xd, yd, KFold(5)),
    "elasticnet_diabetes": grid_table(ElasticNet(), {"alpha": [0.001, 0.01, 0.1], "l1_ratio": [0.2, 0.5, 0.8, 1.0]}, Xd, yd, KFold(5)),
    "lasso_diabetes": grid_table(Lasso(), {"alpha": [0.01, 0.1, 1.0]}, Xd, yd, KFold(5)),
    # The CLI's `--trainer ridge` / `--trainer elasticnet` on diabetes.csv: StandardScaler inside each fold, then the model.
    "cli_ridge_diabetes": grid_table(make_pipeline(StandardScaler(), Ridge()), {"ridge__alpha": [0.1, 1.0, 10.0, 100.0]}, Xd, yd, KFold(5)),
    "cli_elasticnet_diabetes": grid_table(make_pipeline(StandardScaler(), ElasticNet()),
                                          {"elasticnet__alpha": [0.01, 0.1, 1.0], "elasticnet__l1_ratio": [0.5, 1.0]}, Xd, yd, KFold(5)),
}

# The CLI's claim: StandardScaler + LogisticRegression on breast_cancer, stratified 5-fold, accuracy.
cancer_grid = {"logisticregression__C": [0.001, 0.01, 0.1, 1, 10, 100], "logisticregression__penalty": ["l1", "l2"],
               "logisticregression__solver": ["liblinear", "saga"]}
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    cancer_search = GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression(max_iter=100, random_state=0)), cancer_grid,
                                 cv=StratifiedKFold(5), scoring="accuracy").fit(Xc, cancer.target)
cancer_result = {
    "best_params": {k.split("__")[1]: v for k, v in cancer_search.best_params_.items()},
    "best_score": float(cancer_search.best_score_),
    "mean_test_score": cancer_search.cv_results_["mean_test_score"].tolist(),
}
# StandardScaler on a constant column: mean removed, scale 1 (values become 0).
scaler = StandardScaler().fit(np.array([[1.0, 2.0], [1.0, 4.0], [1.0, 9.0]]))
scaler_constant = {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()}


def message(make):
    try:
        make()
    except Exception as e:  # noqa: BLE001
        return f"{type(e).__name__}: {e}"
    return None


X1, y1 = Xd[:20], yd[:20]
# (selection='bad' is left out: its message lists a Python set, whose order changes from run to run, and our Selection is an enum,
# so a bad name is rejected when binding, before the trainer exists.)
errors = {
    "Ridge.alpha=-1": message(lambda: Ridge(alpha=-1.0).fit(X1, y1)),
    "Lasso.alpha=-1": message(lambda: Lasso(alpha=-1.0).fit(X1, y1)),
    "ElasticNet.alpha=-1": message(lambda: ElasticNet(alpha=-1.0).fit(X1, y1)),
    "ElasticNet.l1_ratio=1.5": message(lambda: ElasticNet(l1_ratio=1.5).fit(X1, y1)),
    "Lasso.max_iter=0": message(lambda: Lasso(max_iter=0).fit(X1, y1)),
    "Lasso.tol=-1": message(lambda: Lasso(tol=-1.0).fit(X1, y1)),
    "Ridge.tol=-1": message(lambda: Ridge(tol=-1.0).fit(X1, y1)),
    "Ridge.max_iter=0": message(lambda: Ridge(max_iter=0).fit(X1, y1)),
}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    Lasso(alpha=0.0).fit(X1, y1)
alpha_zero_warning = [str(c.message) for c in caught if not issubclass(c.category, ConvergenceWarning)]

with open(os.path.join(HERE, "references.json"), "w") as f:
    json.dump({"sklearn": sklearn.__version__, "fits": fits, "grids": grids, "breast_cancer": cancer_result,
               "scaler_constant": scaler_constant, "errors": errors, "alpha_zero_warning": alpha_zero_warning}, f, indent=1)
print(json.dumps({"cancer": {k: cancer_result[k] for k in ["best_params", "best_score"]}, "errors": errors,
                  "alpha_zero_warning": alpha_zero_warning, "scaler": scaler_constant}, indent=1))
print(sum(1 for x in fits if not x["converged"]), "of", len(fits), "fits did not converge")
