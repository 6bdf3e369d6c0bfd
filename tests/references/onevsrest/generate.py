"""scikit-learn 1.2.1 reference for ML.NET's OneVersusAll over our binary LogisticRegression (run with /usr/bin/python3).

Writes wine.csv (the wine data set, 3 classes, standardized and rounded to float32 so both sides read the same numbers) and
onevsrest.json: OneVsRestClassifier(LogisticRegression(...)) fits on all rows, each with its per-class coefficients,
predictions and predict_proba (each class's sigmoid normalized to sum to one, as ML.NET's OneVersusAll with probabilities).
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import StandardScaler

warnings.simplefilter("error")  # a fit that does not converge must not become a reference
wine = load_wine()
X = StandardScaler().fit_transform(wine.data).astype(np.float32).astype(np.float64)
y = wine.target

with open("wine.csv", "w") as f:
    f.write(",".join(f"f{j}" for j in range(X.shape[1])) + ",Label\n")
    for x, label in zip(X, y):
        f.write(",".join(repr(float(np.float32(v))) for v in x) + f",{label}\n")


def fit(name, **params):
    params = {"tol": 1e-10, "max_iter": 100000, **params}
    model = OneVsRestClassifier(LogisticRegression(**params)).fit(X, y)
    return {
        "name": name,
        "params": params,
        "classes": model.classes_.tolist(),
        "coef": [e.coef_[0].tolist() for e in model.estimators_],
        "intercept": [float(e.intercept_[0]) for e in model.estimators_],
        "predict": model.predict(X).tolist(),
        "proba": model.predict_proba(X).tolist(),
    }


fits = [
    # LogisticRegression's default objective (l2, C=1); newton-cg stops on the gradient, lbfgs also on a relative change of
    # the loss (about 1e-5 from the optimum here).
    fit("newton-cg_l2_C1", solver="newton-cg", tol=1e-8),
    fit("liblinear_l1_C0.1", solver="liblinear", penalty="l1", C=0.1),  # sparse coefficients, penalized intercept
]
with open("onevsrest.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "fits": fits}, f, indent=1)
