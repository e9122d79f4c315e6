package io.cognate.bench.cost;

import java.util.List;

/** A month's bill of one option, line by line. */
public record Bill(String name, List<LineItem> items) {

    public Bill {
        items = List.copyOf(items);
    }

    public double total() {
        return items.stream().mapToDouble(LineItem::usd).sum();
    }

    /** The sum of the lines whose service is {@code service}. */
    public double total(String service) {
        return items.stream().filter(i -> i.service().equals(service)).mapToDouble(LineItem::usd).sum();
    }
}
