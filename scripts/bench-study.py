#!/usr/bin/python3
"""Benchmark helpers for `newsfx study` (driven by scripts/bench-study.sh).

  bench-study.py generate DIR [FIRMS EVENTS_PER_FIRM DAYS]
      synthetic prices: DIR/prices.csv (wide: date + one column per firm), DIR/market.csv,
      DIR/events.csv; defaults 500 firms x 20 events = 10,000 firm-events on 2,600 trading days
      (market-model returns, t-distributed noise, a few events with an abnormal return), every
      firm-event with a full 250-day estimation window and no overlap.
  bench-study.py baseline DIR
      the straightforward statsmodels loop: per firm-event an OLS market model (sm.OLS) on
      [-250,-11], ARs and the CAR over (-1,+1); then the cross-sectional t of the CARs.
      Prints the CAAR, t and p (to check it agrees with newsfx) and the seconds taken.
"""
import sys
import time


def generate(d, firms=500, per=20, days=2600):
    import numpy as np
    import pandas as pd
    rs = np.random.RandomState(2024)
    cal = pd.bdate_range("2010-01-04", periods=days)
    rm = rs.normal(0.0003, 0.01, days)
    market = 1000 * np.exp(np.cumsum(rm))
    beta = rs.uniform(0.5, 1.5, firms)
    noise = rs.standard_t(5, (days, firms)) * rs.uniform(0.01, 0.03, firms)
    r = 0.0001 + rm[:, None] * beta[None, :] + noise
    events = []
    for j in range(firms):
        # per firm: `per` event days at least 10 days apart, each with 250 estimation days before it
        slots = rs.choice(np.arange(260, days - 5, 10), per, replace=False)
        for k, t in enumerate(sorted(slots)):
            t = int(t) + int(rs.randint(0, 5))
            if rs.rand() < 0.3:
                r[t, j] += rs.normal(0.01, 0.02)
            events.append((f"e{j}-{k}", f"F{j:04d}", cal[t].strftime("%Y-%m-%d")))
    prices = 50 * np.exp(np.cumsum(r, axis=0))
    with open(f"{d}/prices.csv", "w") as f:
        f.write("date," + ",".join(f"F{j:04d}" for j in range(firms)) + "\n")
        for t in range(days):
            f.write(cal[t].strftime("%Y-%m-%d") + "," + ",".join(f"{v:.6g}" for v in prices[t]) + "\n")
    with open(f"{d}/market.csv", "w") as f:
        f.write("date,close\n")
        for t in range(days):
            f.write(f"{cal[t]:%Y-%m-%d},{market[t]:.8g}\n")
    with open(f"{d}/events.csv", "w") as f:
        f.write("event_id,ticker,date\n")
        for e in events:
            f.write(",".join(e) + "\n")
    print(f"{len(events)} firm-events, {firms} firms, {days} days")


def baseline(d):
    t0 = time.perf_counter()
    import numpy as np
    import pandas as pd
    import statsmodels.api as sm
    from scipy import stats
    prices = pd.read_csv(f"{d}/prices.csv", index_col=0, parse_dates=True)
    market = pd.read_csv(f"{d}/market.csv", index_col=0, parse_dates=True)["close"]
    rets = prices.pct_change()
    rm = market.pct_change()
    events = pd.read_csv(f"{d}/events.csv", parse_dates=["date"])
    cars = []
    for ev in events.itertuples():
        d0 = rets.index.searchsorted(ev.date)
        y = rets[ev.ticker].iloc[d0 - 250:d0 - 10]
        x = sm.add_constant(rm.iloc[d0 - 250:d0 - 10])
        res = sm.OLS(y, x).fit()
        xe = sm.add_constant(rm.iloc[d0 - 1:d0 + 2])
        ar = rets[ev.ticker].iloc[d0 - 1:d0 + 2] - res.predict(xe)
        cars.append(ar.sum())
    cars = np.array(cars)
    t = cars.mean() / (cars.std(ddof=1) / np.sqrt(len(cars)))
    p = 2 * stats.t.sf(abs(t), len(cars) - 1)
    print(f"caar {cars.mean():.10g} csect_t {t:.10g} p {p:.6g} n {len(cars)} seconds {time.perf_counter() - t0:.3f}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "generate":
        generate(sys.argv[2], *map(int, sys.argv[3:6]))
    elif len(sys.argv) == 3 and sys.argv[1] == "baseline":
        baseline(sys.argv[2])
    else:
        sys.exit(__doc__)
