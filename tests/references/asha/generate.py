"""ASHA's rung entries computed independently of MlNetHpo, for tests/MlNetHpo.Tests (AshaTunerTests).

Run with any Python 3: /usr/bin/python3 generate.py > promotions.json
A plain transcription of get_job (Li et al. 2018, "A System for Massively Parallel Hyperparameter Tuning", Algorithm 2),
with the batch rule: trial j knows the results of the trials below floor(j / batch) * batch only, and the entries
proposed before it. Configuration c scores scores[c] + 0.001 * rung (higher is better); failed configurations score
nothing and are left out of their rung. Each case records the (configuration, rung) of every trial.
"""
import json
import random
import sys


def asha(scores, failing, factor, rungs, trials, batch):
    entries = []
    started = 0
    for j in range(trials):
        known = [[] for _ in range(rungs)]
        for i in range(j // batch * batch):
            c, r = entries[i]
            if c not in failing:
                known[r].append((-(scores[c] + 0.001 * r), i))  # loss, then the earlier trial first
        chosen = None
        for k in range(rungs - 2, -1, -1):
            top = sorted(known[k])[: len(known[k]) // factor]
            promotable = [entries[i][0] for _, i in top if (entries[i][0], k + 1) not in entries]
            if promotable:
                chosen = (promotable[0], k + 1)
                break
        if chosen is None:
            chosen = (started, 0)
            started += 1
        entries.append(chosen)
    return entries


def main():
    generator = random.Random(2018)
    scores = [round(generator.random(), 6) for _ in range(80)]
    failing = [4, 11]
    cases = []
    for factor, max_resource, trials, batch in [(3, 27, 60, 1), (3, 27, 60, 4), (3, 27, 60, 7), (2, 8, 40, 1), (2, 8, 40, 3), (4, 16, 50, 5)]:
        rungs = 1
        resource = 1
        while resource < max_resource:
            resource *= factor
            rungs += 1
        cases.append({
            "factor": factor,
            "max_resource": max_resource,
            "trials": trials,
            "batch": batch,
            "entries": asha(scores, set(failing), factor, rungs, trials, batch),
        })
    json.dump({"scores": scores, "failing": failing, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
