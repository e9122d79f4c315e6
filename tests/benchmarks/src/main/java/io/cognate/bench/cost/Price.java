package io.cognate.bench.cost;

/**
 * One list price: {@code usd} for {@code per} units of {@code unit}, where it is published and
 * when it was read. {@code freeQuantity} is a monthly free allowance, applied only where the model
 * says so (Cognito's MAU free tier).
 */
public record Price(String id, double usd, double per, String unit, String region, String source, String read,
                    boolean confirmed, long freeQuantity, String note) {

    /** USD for one unit. */
    public double perUnit() {
        return usd / per;
    }

    /** USD for {@code quantity} units. */
    public double of(double quantity) {
        return quantity * perUnit();
    }
}
