"""scikit-learn 1.2.1 references for the multiclass LogisticRegression and class weights (run with /usr/bin/python3).

Writes iris.csv (standardized iris, the label as text, a deterministic sample weight) and logistic.json: converged fits
(tol 1e-8 with newton-cg) of multinomial and one-vs-rest models, with class_weight and sample_weight, and a GridSearchCV table.
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler

warnings.simplefilter("ignore")
iris = load_iris()
X = StandardScaler().fit_transform(iris.data)
names = np.array(iris.target_names)[iris.target]
weight = 1.0 + (np.arange(len(X)) % 3)  # deterministic example weights 1, 2, 3, 1, ...

with open("iris.csv", "w") as f:
    f.write("f0,f1,f2,f3,Label,Weight\n")
    for x, y, w in zip(X, names, weight):
        f.write(",".join(repr(float(v)) for v in x) + f",{y},{w!r}\n")

# An imbalanced subset (50 / 30 / 15 rows) for the class weights; a binary subset (versicolor vs virginica).
imbalanced = np.r_[0:50, 50:80, 100:115]
binary = np.r_[50:150]


def fit(name, rows, proba_rows=None, sample_weight=False, **params):
    # On the multinomial fits lbfgs stops on relative function change about 1e-4 from the optimum; newton-cg stops on the
    # gradient, so it gives the tight optimum that every solver but liblinear shares. On the binary problems lbfgs is
    # tight (and newton-cg stalls on the separable setosa problem).
    binary_problems = params.get("multi_class") == "ovr" or name.startswith("binary_") and "multi_class" not in params
    default = {"solver": "lbfgs", "tol": 1e-10} if binary_problems else {"solver": "newton-cg", "tol": 1e-8}
    params = {**default, "max_iter": 100000, **params}
    model = LogisticRegression(**params)
    sw = weight[rows] if sample_weight else None
    model.fit(X[rows], names[rows], sample_weight=sw)
    assert model.n_iter_.max() < params["max_iter"], name
    proba = model.predict_proba(X)
    return {
        "name": name,
        "rows": rows.tolist(),
        "sample_weight": sample_weight,
        "params": {k: v for k, v in params.items()},
        "classes": model.classes_.tolist(),
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "proba": proba.tolist(),
        "n_iter": model.n_iter_.tolist(),
    }


every = np.arange(len(X))
fits = [
    fit("multinomial_l2", every, multi_class="multinomial"),
    fit("auto_l2_C0.1", every, C=0.1),
    fit("ovr_l2", every, multi_class="ovr"),
    fit("ovr_liblinear_l2", every, solver="liblinear"),
    fit("ovr_liblinear_l1", every, solver="liblinear", penalty="l1", C=0.5, tol=1e-8),
    fit("multinomial_saga_l1", every, solver="saga", penalty="l1", C=0.5, tol=1e-9),
    fit("multinomial_saga_elasticnet", every, solver="saga", penalty="elasticnet", l1_ratio=0.5, C=0.5, tol=1e-9),
    fit("multinomial_balanced", imbalanced, class_weight="balanced"),
    fit("multinomial_dict", imbalanced, class_weight={"setosa": 1.0, "versicolor": 2.0, "virginica": 0.5}),
    fit("ovr_balanced", imbalanced, multi_class="ovr", class_weight="balanced"),
    fit("ovr_dict", imbalanced, multi_class="ovr", class_weight={"setosa": 1.0, "versicolor": 2.0, "virginica": 0.5}),
    fit("liblinear_balanced", imbalanced, solver="liblinear", class_weight="balanced"),
    fit("multinomial_balanced_sample_weight", imbalanced, sample_weight=True, class_weight="balanced"),
    fit("multinomial_sample_weight", every, sample_weight=True),
    fit("binary_balanced", binary[10:], class_weight="balanced"),
    fit("binary_dict_sample_weight", binary, sample_weight=True, class_weight={"versicolor": 3.0, "virginica": 1.0}),
    fit("binary_multinomial", binary, multi_class="multinomial"),
]

grid = {"C": [0.01, 0.1, 1.0, 10.0], "multi_class": ["multinomial", "ovr"]}
search = GridSearchCV(LogisticRegression(solver="newton-cg", tol=1e-8, max_iter=100000), grid, cv=5, scoring="accuracy").fit(X, names)
cv = search.cv_results_
table = {
    "params": [{"C": p["C"], "multi_class": p["multi_class"]} for p in cv["params"]],
    "split_test_scores": [[float(cv[f"split{i}_test_score"][c]) for i in range(5)] for c in range(len(cv["params"]))],
    "mean_test_score": cv["mean_test_score"].tolist(),
    "rank_test_score": cv["rank_test_score"].tolist(),
    "best_index": int(search.best_index_),
}

with open("logistic.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "fits": fits, "grid": table}, f, indent=1)
print("wrote", len(fits), "fits")

# The CLI test: `grid --trainer lr --weight-col Weight --class-weight balanced --cv 3` over C in {0.1, 1} on iris.csv
# (already standardized, so --no-normalize); scikit-learn weighs the fits, not the accuracy.
cli = GridSearchCV(LogisticRegression(class_weight="balanced"), {"C": [0.1, 1.0]}, cv=3, scoring="accuracy")
cli.fit(X, names, sample_weight=weight)
with open("cli.json", "w") as f:
    json.dump({"mean_test_score": cli.cv_results_["mean_test_score"].tolist(), "best_params": cli.best_params_}, f, indent=1)
