package io.cognate.bench.cost;

/** One line of a monthly bill: {@code quantity} {@code unit}s of something, costing {@code usd}. */
public record LineItem(String service, String item, double quantity, String unit, double usd) {
}
