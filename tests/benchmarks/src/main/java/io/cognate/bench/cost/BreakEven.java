package io.cognate.bench.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * Where two monthly bills cross as MAU grows: a walk over MAU in steps of 2 % (fine enough that
 * two bills made of fixed parts, straight lines and one free-tier kink cannot cross twice between
 * steps), then bisection to the exact MAU.
 */
public final class BreakEven {
    private static final double STEP = 1.02;

    /** At {@code mau} the cheaper option changes; {@code firstCheaperAbove} is cheaper from there on. */
    public record Crossing(long mau, boolean firstCheaperAbove) {
    }

    private BreakEven() {
    }

    /**
     * Every MAU in [{@code from}, {@code to}] at which {@code first} stops or starts being cheaper
     * than {@code second}: empty when one is cheaper (or they are equal) over the whole range.
     */
    public static List<Crossing> search(LongToDoubleFunction first, LongToDoubleFunction second, long from, long to) {
        List<Crossing> crossings = new ArrayList<>();
        long previous = from;
        boolean firstCheaper = cheaper(first, second, from);
        while (previous < to) {
            long next = Math.min(to, Math.max(previous + 1, (long) Math.ceil(previous * STEP)));
            boolean now = cheaper(first, second, next);
            if (now != firstCheaper) {
                long low = previous; // side of the old answer
                long high = next;    // side of the new one
                while (high - low > 1) {
                    long mid = low + (high - low) / 2;
                    if (cheaper(first, second, mid) == now) {
                        high = mid;
                    } else {
                        low = mid;
                    }
                }
                crossings.add(new Crossing(high, now));
                firstCheaper = now;
            }
            previous = next;
        }
        return crossings;
    }

    private static boolean cheaper(LongToDoubleFunction first, LongToDoubleFunction second, long mau) {
        return first.applyAsDouble(mau) < second.applyAsDouble(mau);
    }
}
