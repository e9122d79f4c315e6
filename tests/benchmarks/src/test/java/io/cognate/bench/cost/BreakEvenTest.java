package io.cognate.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class BreakEvenTest {
    /** A Cognito-like bill: free up to 10,000 MAU, then 1.5 cents each. */
    private static final LongToDoubleFunction PER_USER = mau -> 0.015 * Math.max(0, mau - 10_000);

    @Test
    void findsTheExactMauWhereAFixedCostBillBecomesCheaper() {
        // $100 + 0.1 cent per user against the per-user bill: equal at 100 + 0.001 m = 0.015 m - 150, m = 17,857.14.
        LongToDoubleFunction fixedPlusSmall = mau -> 100 + 0.001 * mau;
        List<BreakEven.Crossing> crossings = BreakEven.search(fixedPlusSmall, PER_USER, 1, 100_000_000);
        assertThat(crossings).containsExactly(new BreakEven.Crossing(17_858, true));
        assertThat(fixedPlusSmall.applyAsDouble(17_857)).isGreaterThan(PER_USER.applyAsDouble(17_857));
        assertThat(fixedPlusSmall.applyAsDouble(17_858)).isLessThan(PER_USER.applyAsDouble(17_858));
    }

    @Test
    void saysNeverWhenOneBillIsCheaperOverTheWholeRange() {
        LongToDoubleFunction dearer = mau -> 1_000 + 0.02 * mau;
        assertThat(BreakEven.search(dearer, PER_USER, 1, 100_000_000)).isEmpty();
        assertThat(BreakEven.search(PER_USER, dearer, 1, 100_000_000)).isEmpty();
    }

    @Test
    void reportsTheSwitchBackWhenTheCurvesCrossTwice() {
        // Cheaper per user but with a $50,000 step at 1 million MAU: dearer again from the step until
        // 50,100 + 0.001 m = 0.015 m - 150, m = 3,589,285.7.
        LongToDoubleFunction stepped = mau -> 100 + 0.001 * mau + (mau >= 1_000_000 ? 50_000 : 0);
        assertThat(BreakEven.search(stepped, PER_USER, 1, 100_000_000))
                .extracting(BreakEven.Crossing::mau, BreakEven.Crossing::firstCheaperAbove)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(17_858L, true),
                        org.assertj.core.groups.Tuple.tuple(1_000_000L, false),
                        org.assertj.core.groups.Tuple.tuple(3_589_286L, true));
    }
}
