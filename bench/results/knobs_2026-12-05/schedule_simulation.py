#!/usr/bin/env python3
"""Two workers coding bikes' mini-GOPs (the eighth session's estimate, docs/BENCHMARKS.md).

Picture times on one thread, from the --csv stage times of the seventh session's two-thread
command line: P anchor 3.0 ms, the first B picture (B2 of P4 B2 b1 b3) 2.0 ms, a b picture
1.4 ms. Decoding order as tcenc's anchor pairs begin them: B_k, b1_k, b3_k, P_(k+1). A free
worker takes the first picture, within `window` pictures of the first one not yet started,
whose references are coded (list scheduling). With `batch` mini-GOPs per encode_frame call,
every picture of a call's batch must be coded before the next batch starts; batch 0 lets
pictures keep coding across calls.
  python3 bench/results/knobs_2026-12-05/schedule_simulation.py
"""
P, B, b = 3.0, 2.0, 1.4
GOPS = 40


def decoding_order(gops):
    order = [("P", 1, P, [("P", 0)])]
    for k in range(1, gops):
        order += [("B", k, B, [("P", k - 1), ("P", k)]), ("b1", k, b, [("B", k)]),
                  ("b3", k, b, [("B", k)]), ("P", k + 1, P, [("P", k)])]
    return order


def simulate(batch, window, gops=GOPS):
    order = decoding_order(gops)
    if batch == 0:
        batches = [order]
    else:
        batches = [order[:1]] + [order[i:i + 4 * batch] for i in range(1, len(order), 4 * batch)]
    done = {("P", 0): 0.0}
    start = 0.0
    for pictures in batches:
        free = [start, start]
        started = set()
        while len(started) < len(pictures):
            worker = min(range(2), key=lambda w: free[w])
            now = free[worker]
            first = min(i for i in range(len(pictures)) if i not in started)
            chosen = None
            for i in range(first, min(len(pictures), first + window)):
                if i in started:
                    continue
                if all(d in done and done[d] <= now for d in pictures[i][3]):
                    chosen = i
                    break
            if chosen is None:  # wait for the next picture to finish
                free[worker] = min(t for t in done.values() if t > now)
                continue
            started.add(chosen)
            name, k, cost, _ = pictures[chosen]
            done[(name, k)] = now + cost
            free[worker] = now + cost
        start = max(done[(p[0], p[1])] for p in pictures)
    return start / (gops - 1)


if __name__ == "__main__":
    print(f"work per mini-GOP {P + B + 2 * b:.1f} ms, two workers at best {(P + B + 2 * b) / 2:.2f} ms")
    print(f"anchor pairs now (B beside P, then b beside b): {max(B, P) + b:.2f} ms")
    for batch in (1, 2, 0):
        label = "across calls" if batch == 0 else f"batches of {batch} mini-GOP(s)"
        print(f"list scheduling, window 3, {label}: {simulate(batch, 3):.2f} ms a mini-GOP")
