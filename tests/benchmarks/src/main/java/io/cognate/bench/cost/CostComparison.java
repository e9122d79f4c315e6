package io.cognate.bench.cost;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Both bills for one workload, their ratio and where they cross over MAU. The crossings are
 * searched only when there is usage for every scenario users do ({@code --mau 0} prints the fixed
 * part of the bill without any usage file).
 */
public record CostComparison(Workload workload, Bill cognate, Bill cognito, Optional<List<BreakEven.Crossing>> crossings) {
    /** The break-even search covers 1 to 100 million MAU. */
    public static final long MAX_MAU = 100_000_000L;

    public static CostComparison of(Workload w, Map<String, OperationUsage> usage, DeploymentFacts d, PriceList p) {
        Bill cognate = CognateBill.monthly(w, usage, d, p);
        Bill cognito = CognitoBill.monthly(w, p);
        if (!usage.keySet().containsAll(CognateBill.scenariosNeeded(w.withMau(1)))) {
            return new CostComparison(w, cognate, cognito, Optional.empty());
        }
        List<BreakEven.Crossing> crossings = BreakEven.search(
                mau -> CognateBill.monthly(w.withMau(mau), usage, d, p).total(),
                mau -> CognitoBill.monthly(w.withMau(mau), p).total(), 1, MAX_MAU);
        return new CostComparison(w, cognate, cognito, Optional.of(crossings));
    }

    /** Cognate's bill over Cognito's; infinite when Cognito costs nothing (inside its free tier). */
    public double ratio() {
        return cognito.total() == 0 ? Double.POSITIVE_INFINITY : cognate.total() / cognito.total();
    }
}
