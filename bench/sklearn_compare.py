#!/usr/bin/python3
"""scikit-learn's side of bench/compare, and the report that puts both sides together.

Subcommands:
  generate OUTDIR                      write the W3/W4 data sets (make_classification) and W5's documents as CSV, and W2's 100 draws
  run --workload W --n-jobs J ...      time one search in this process, print one JSON line
  report RESULTS_DIR [--json PATH]     read every run's JSON and print the table (medians)
  measure --out JSON -- COMMAND...     run one side's process, merge its JSON line with wall time
                                       and peak memory into JSON (shared by bench/compare and bench/scaling)

Run with Debian's /usr/bin/python3 (python3-sklearn), not a pyenv python. No pandas: the CSVs are read and written with
the csv module and numpy, so any python3 with scikit-learn runs it (a many-core machine without .NET, bench/package-scaling).
"""
import argparse
import glob
import json
import os
import statistics
import sys
import time

PROCESS_START = time.perf_counter()

# The tutorial's spaces.
GRID = {
    "C": [0.001, 0.01, 0.1, 1, 10, 100, 1000],
    "penalty": ["l1", "l2", "elasticnet", None],
    "solver": ["newton-cg", "lbfgs", "liblinear", "sag", "saga"],
}
SCALED_GRID = {
    "clf__C": [0.01, 0.1, 1, 10, 100],
    "clf__penalty": ["l1", "l2"],
    "clf__solver": ["liblinear", "saga"],
}
TEXT_GRID = {"clf__C": [0.01, 0.1, 1, 10, 100]}
TREE_GRID = {"max_leaf_nodes": [8, 32], "learning_rate": [0.1, 0.3]}
GENERATED = {
    "W3": dict(n_samples=20000, n_features=20, n_informative=8, random_state=0),
    "W4": dict(n_samples=200000, n_features=30, n_informative=10, random_state=1),
}


def random_space():
    import numpy as np
    return {"C": list(np.logspace(-4, 4, 20)), "penalty": GRID["penalty"], "solver": GRID["solver"]}


def peak_mb(pid="self"):
    """VmHWM (peak resident set) of a process, in MB; None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def descendants(pid):
    """Pids of all live descendants of pid (joblib's loky workers)."""
    children = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                text = f.read()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def read_csv(path, label):
    """(features as a float64 array, or the one text column as a list; label as an int array) of a CSV with a header."""
    import csv
    import numpy as np
    with open(path, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        at = header.index(label)
        features, labels = [], []
        for row in rows:
            labels.append(int(float(row[at])))
            features.append(row[:at] + row[at + 1:])
    if len(header) == 2 and header[1 - at] == "text":
        return [r[0] for r in features], np.array(labels)
    return np.array(features, dtype=np.float64), np.array(labels)


def generate(outdir):
    import numpy as np
    from sklearn.datasets import make_classification
    from sklearn.model_selection import ParameterSampler

    os.makedirs(outdir, exist_ok=True)
    for name, spec in GENERATED.items():
        X, y = make_classification(**spec)
        header = ",".join([f"f{j}" for j in range(X.shape[1])] + ["label"])
        # %.9g round-trips float32: both sides read this same file (ours as float32, as ML.NET does; scikit-learn as float64).
        np.savetxt(os.path.join(outdir, f"{name.lower()}.csv"), np.column_stack([X, y]), delimiter=",",
                   fmt=["%.9g"] * X.shape[1] + ["%d"], header=header, comments="")
    write_documents(os.path.join(outdir, "w5.csv"))
    # W2's candidates exactly as RandomizedSearchCV(n_iter=100, random_state=42) draws them, for our side to replay.
    draws = []
    for p in ParameterSampler(random_space(), n_iter=100, random_state=42):
        draws.append({"C": float(p["C"]), "penalty": p["penalty"] or "none", "solver": p["solver"]})
    with open(os.path.join(outdir, "w2_draws.json"), "w") as f:
        json.dump(draws, f)


def write_documents(path, documents=4000, vocabulary=3000, seed=5):
    """W5: deterministic documents over a Zipf vocabulary; each class favours its own fifth of the words."""
    import numpy as np

    rng = np.random.RandomState(seed)
    ranks = np.arange(1, vocabulary + 1)
    base = 1.0 / ranks
    with open(path, "w") as f:
        f.write("text,label\n")
        for i in range(documents):
            label = i % 2
            weights = base.copy()
            weights[(ranks % 5) == (2 * label)] *= 1.6
            p = weights / weights.sum()
            words = rng.choice(vocabulary, size=rng.randint(20, 120), p=p)
            f.write(" ".join(f"w{w}" for w in words) + f",{label}\n")


def measure(cmd, out):
    """Runs cmd (one side's process); writes its last JSON line plus wall seconds and peak MB to out.

    Wall time and max RSS come from wait4, as /usr/bin/time takes them, so no extra tool is needed on the machine."""
    import subprocess
    base = os.path.splitext(out)[0]
    with open(base + ".log", "w") as log, open(base + ".log.err", "w") as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=log, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        with open(base + ".log.err") as err:
            tail = err.read()[-3000:]
        sys.exit(f"run {os.path.basename(base)} failed (exit {child.returncode}): {' '.join(cmd)}\n{tail}")
    with open(base + ".log") as f:
        r = json.loads([l for l in f if l.startswith("{")][-1])
    r["process_seconds"] = wall
    r["maxrss_mb"] = usage.ru_maxrss / 1024  # kB on Linux
    # Our side is one process; scikit-learn with n_jobs>1 adds its worker processes' peaks (an upper bound of the total).
    r["peak_mb_total"] = max(r["maxrss_mb"], (r.get("peak_mb") or 0) + (r.get("workers_peak_mb") or 0))
    with open(out, "w") as f:
        json.dump(r, f)
    return r


def build(workload, n_jobs, train, datadir):
    """(search factory, X, y) for a workload; the factory takes a grid so warm-up can use a tiny one."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    if workload in ("W1", "W2"):
        X, y = read_csv(train, "Survived")
        if workload == "W1":
            return (lambda grid: GridSearchCV(LogisticRegression(), grid, cv=5, n_jobs=n_jobs)), GRID, X, y
        return (lambda space, n_iter=100: RandomizedSearchCV(
            LogisticRegression(), space, n_iter=n_iter, cv=5, random_state=42, n_jobs=n_jobs)), random_space(), X, y
    if workload == "W5":
        from sklearn.feature_extraction.text import TfidfVectorizer
        X, y = read_csv(os.path.join(datadir, "w5.csv"), "label")
        pipe = Pipeline([("tfidf", TfidfVectorizer()), ("clf", LogisticRegression())])
        return (lambda grid: GridSearchCV(pipe, grid, cv=5, n_jobs=n_jobs)), TEXT_GRID, X, y
    X, y = read_csv(os.path.join(datadir, "w3.csv" if workload == "WF" else f"{workload.lower()}.csv"), "label")
    if workload == "WF":
        # FastTree's counterpart: histogram gradient boosting, 100 trees, no early stopping, no scaling.
        from sklearn.ensemble import HistGradientBoostingClassifier
        trees = HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)
        return (lambda grid: GridSearchCV(trees, grid, cv=5, n_jobs=n_jobs)), TREE_GRID, X, y
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
    return (lambda grid: GridSearchCV(pipe, grid, cv=5, n_jobs=n_jobs)), SCALED_GRID, X, y


def run(args):
    import warnings
    import numpy as np

    warnings.filterwarnings("ignore")  # failed fits and convergence warnings: counted, not printed
    np.random.seed(0)  # the reference figures' global seed (sag/saga/liblinear draw from it)
    make, space, X, y = build(args.workload, args.n_jobs, args.train, args.data)
    loaded = time.perf_counter()

    # Warm-up: a tiny search on the same data (imports, caches, and for n_jobs=-1 the loky worker pool).
    tiny = {k: v[:1] for k, v in space.items()}
    if args.workload == "WF":
        tiny["learning_rate"] = space["learning_rate"]
    else:
        tiny[next((k for k in space if k.endswith("solver")), "clf__solver")] = ["liblinear", "lbfgs"]
    if args.workload == "W2":
        make(tiny, n_iter=2).fit(X, y)
    else:
        make(tiny).fit(X, y)
    np.random.seed(0)

    start = time.perf_counter()
    search = make(space).fit(X, y)
    seconds = time.perf_counter() - start

    best = {k.replace("clf__", ""): v for k, v in search.best_params_.items()}
    workers = [p for p in (peak_mb(pid) for pid in descendants(os.getpid())) if p]
    own = peak_mb()
    print(json.dumps({
        "side": f"sklearn_j{args.n_jobs}",
        "workload": args.workload,
        "search_seconds": seconds,
        "load_seconds": loaded - PROCESS_START,
        "best_score": float(search.best_score_),
        "best_params": {k: (float(v) if isinstance(v, (float, np.floating)) else v) for k, v in sorted(best.items())},
        "candidates": len(search.cv_results_["params"]),
        "peak_mb": own,
        "workers_peak_mb": sum(workers),
        "workers": len(workers),
        "in_process_seconds": time.perf_counter() - PROCESS_START,
    }))


def fmt_params(p):
    if not p:
        return "-"
    out = []
    for k in sorted(p, key=str.lower):
        v = p[k]
        if isinstance(v, float):
            v = f"{v:.6g}"
        out.append(f"{k.lower()}={str(v).lower()}")
    return " ".join(out)


def report(args):
    runs = []
    for path in sorted(glob.glob(os.path.join(args.results, "*.json"))):
        with open(path) as f:
            runs.append(json.load(f))
    if not runs:
        sys.exit(f"no results in {args.results}")
    sides = ["ours", "sklearn_j1", "sklearn_j-1"]
    workloads = sorted({r["workload"] for r in runs})
    summary = {}
    lines = []
    header = ("| workload | side | search s (median) | whole process s | runs | best score | best parameters | peak MB |\n"
              "|---|---|---:|---:|---:|---:|---|---:|")
    lines.append(header)
    for w in workloads:
        per = {}
        for side in sides:
            rs = [r for r in runs if r["workload"] == w and r["side"] == side]
            if not rs:
                continue
            med = statistics.median(r["search_seconds"] for r in rs)
            proc = statistics.median(r["process_seconds"] for r in rs)
            peak = max(r["peak_mb_total"] for r in rs)
            per[side] = dict(seconds=med, process=proc, peak=peak, best=rs[0]["best_score"], params=rs[0]["best_params"], n=len(rs))
            lines.append(f"| {w} | {side.replace('_j', ' n_jobs=')} | {med:.3f} | {proc:.2f} | {len(rs)} | "
                         f"{rs[0]['best_score']:.5f} | {fmt_params(rs[0]['best_params'])} | {peak:.0f} |")
        ours = per.get("ours")
        entry = {}
        if ours:
            entry.update(ours_seconds=ours["seconds"], ours_best_score=ours["best"], ours_peak_mb=ours["peak"],
                         ours_process_seconds=ours["process"], ours_best_params=ours["params"])
        for side in ("sklearn_j1", "sklearn_j-1"):
            if side in per:
                suffix = "" if side == "sklearn_j1" or "sklearn_j1" not in per else "_njobs_all"
                s = per[side]
                entry.update({f"sklearn{suffix}_seconds": s["seconds"], f"sklearn{suffix}_best_score": s["best"],
                              f"sklearn{suffix}_peak_mb": s["peak"], f"sklearn{suffix}_process_seconds": s["process"],
                              f"sklearn{suffix}_best_params": s["params"], f"sklearn{suffix}_n_jobs": 1 if side == "sklearn_j1" else -1})
                if ours:
                    entry[f"ratio{suffix}"] = ours["seconds"] / s["seconds"]
        summary[w] = entry
    lines.append("")
    lines.append("ratio = our median search time / scikit-learn's (below 1: we are faster)")
    for w, e in summary.items():
        parts = []
        if "ratio" in e:
            parts.append(f"vs n_jobs={e['sklearn_n_jobs']}: {e['ratio']:.2f}")
        if "ratio_njobs_all" in e:
            parts.append(f"vs n_jobs=-1: {e['ratio_njobs_all']:.2f}")
        lines.append(f"  {w}: " + ", ".join(parts))
    print("\n".join(lines))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=2)
        print(f"\nwrote {args.json}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("outdir")
    r = sub.add_parser("run")
    r.add_argument("--workload", required=True, choices=["W1", "W2", "W3", "W4", "W5", "WF"])
    r.add_argument("--n-jobs", type=int, default=1)
    r.add_argument("--train", default="data/titanic/tutorial-2023/clean_titanic_train.csv")
    r.add_argument("--data", default=".")
    p = sub.add_parser("report")
    p.add_argument("results")
    p.add_argument("--json")
    m = sub.add_parser("measure")
    m.add_argument("--out", required=True)
    m.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args()

    def measured():
        r = measure(args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd, args.out)
        print(f"   {r['workload']} {r['side']:<12} search {r['search_seconds']:8.3f} s  process {r['process_seconds']:6.2f} s  "
              f"best {r['best_score']:.5f}  peak {r['peak_mb_total']:.0f} MB")
    {"generate": lambda: generate(args.outdir), "run": lambda: run(args), "report": lambda: report(args),
     "measure": measured}[args.command]()


if __name__ == "__main__":
    main()
