package io.cognate.bench.cost;

import java.util.List;
import java.util.Map;

/** Both bills for one workload, their ratio and where they cross over MAU. */
public record CostComparison(Workload workload, Bill cognate, Bill cognito, List<BreakEven.Crossing> crossings) {
    /** The break-even search covers 1 to 100 million MAU. */
    public static final long MAX_MAU = 100_000_000L;

    public static CostComparison of(Workload w, Map<String, OperationUsage> usage, DeploymentFacts d, PriceList p) {
        Bill cognate = CognateBill.monthly(w, usage, d, p);
        Bill cognito = CognitoBill.monthly(w, p);
        List<BreakEven.Crossing> crossings = BreakEven.search(
                mau -> CognateBill.monthly(w.withMau(mau), usage, d, p).total(),
                mau -> CognitoBill.monthly(w.withMau(mau), p).total(), 1, MAX_MAU);
        return new CostComparison(w, cognate, cognito, crossings);
    }

    /** Cognate's bill over Cognito's; infinite when Cognito costs nothing (inside its free tier). */
    public double ratio() {
        return cognito.total() == 0 ? Double.POSITIVE_INFINITY : cognate.total() / cognito.total();
    }
}
