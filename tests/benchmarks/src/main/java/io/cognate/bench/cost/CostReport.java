package io.cognate.bench.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@link CostComparison} as the table {@code ./cognate cost} prints and as the JSON {@code --json} writes. */
public final class CostReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CostReport() {
    }

    public static void print(CostComparison c, DeploymentFacts d, PriceList p, String pricesName, PrintStream out) {
        Workload w = c.workload();
        out.printf(Locale.ROOT, "Monthly AWS bill: Cognate against Cognito Essentials (us-east-1 list prices read %s, %s)%n",
                p.read(), pricesName);
        out.printf(Locale.ROOT, "Workload: %,d MAU in %d region(s); per user and month %s sign-ins, %s refreshes,"
                        + " %s authorizer checks; %s%% of MAU sign up; traffic switch %s%n",
                w.mau(), w.regions(), number(w.signinsPerUser()), number(w.refreshesPerUser()),
                number(w.verificationsPerUser()), number(w.signupsFraction() * 100), w.trafficSwitch().name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "Memory (template.yaml unless overridden): %s; failover check every %d min, probe every %d ms%n%n",
                d.memoryMbByModule().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue() + " MB").toList().toString().replaceAll("[\\[\\]]", ""),
                d.scheduleMinutes(), d.probeIntervalMs());
        table(c.cognate(), out);
        out.println();
        table(c.cognito(), out);
        out.println();
        out.printf(Locale.ROOT, "Cognate / Cognito: %s%n", Double.isInfinite(c.ratio()) ? "n/a (Cognito is inside its free tier)"
                : String.format(Locale.ROOT, "%.2f", c.ratio()));
        out.println("Break-even: " + breakEven(c));
    }

    static String breakEven(CostComparison c) {
        if (c.crossings().isEmpty()) {
            return "not searched: it needs the usage file of every scenario (see above)";
        }
        List<BreakEven.Crossing> crossings = c.crossings().get();
        if (crossings.isEmpty()) {
            boolean cognateCheaper = c.cognate().total() < c.cognito().total();
            return String.format(Locale.ROOT, "never between 1 and %,d MAU (%s is cheaper throughout)", CostComparison.MAX_MAU,
                    cognateCheaper ? "Cognate" : "Cognito");
        }
        StringBuilder text = new StringBuilder();
        for (BreakEven.Crossing crossing : crossings) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(String.format(Locale.ROOT, "from %,d MAU %s is cheaper", crossing.mau(),
                    crossing.firstCheaperAbove() ? "Cognate" : "Cognito"));
        }
        return text.toString();
    }

    private static void table(Bill bill, PrintStream out) {
        out.printf(Locale.ROOT, "%-63s %16s %-16s %12s%n", bill.name(), "quantity", "unit", "USD/month");
        for (LineItem item : bill.items()) {
            out.printf(Locale.ROOT, "  %-13s %-47s %16s %-16s %12.2f%n", item.service(), item.item(), quantity(item.quantity()),
                    item.unit(), item.usd());
        }
        out.printf(Locale.ROOT, "  %-61s %16s %-16s %12.2f%n", "total", "", "", bill.total());
    }

    private static String quantity(double q) {
        return q == Math.rint(q) || q >= 100 ? String.format(Locale.ROOT, "%,.0f", q) : String.format(Locale.ROOT, "%,.2f", q);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    public static String json(CostComparison c, DeploymentFacts d, PriceList p) {
        ObjectNode root = JSON.createObjectNode();
        Workload w = c.workload();
        ObjectNode workload = root.putObject("workload");
        workload.put("mau", w.mau());
        workload.put("regions", w.regions());
        workload.put("signinsPerUser", w.signinsPerUser());
        workload.put("refreshesPerUser", w.refreshesPerUser());
        workload.put("verificationsPerUser", w.verificationsPerUser());
        workload.put("signupsFraction", w.signupsFraction());
        workload.put("trafficSwitch", w.trafficSwitch().name().toLowerCase(Locale.ROOT));
        workload.put("healthProbeMs", w.healthProbeMs());
        ObjectNode memory = workload.putObject("memoryMb");
        d.memoryMbByModule().forEach(memory::put);
        root.put("pricesRead", p.read());
        root.put("priceRegion", "us-east-1");
        root.set("cognate", bill(c.cognate()));
        root.set("cognito", bill(c.cognito()));
        if (Double.isInfinite(c.ratio())) {
            root.putNull("ratio");
        } else {
            root.put("ratio", c.ratio());
        }
        ArrayNode crossings = root.putArray("breakEven");
        for (BreakEven.Crossing crossing : c.crossings().orElse(List.of())) {
            crossings.addObject().put("mau", crossing.mau()).put("cheaperAbove", crossing.firstCheaperAbove() ? "cognate" : "cognito");
        }
        root.put("breakEvenText", breakEven(c));
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode bill(Bill bill) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", bill.name());
        ArrayNode items = node.putArray("lineItems");
        for (LineItem item : bill.items()) {
            items.addObject().put("service", item.service()).put("item", item.item()).put("quantity", item.quantity())
                    .put("unit", item.unit()).put("usd", item.usd());
        }
        node.put("totalUsd", bill.total());
        return node;
    }
}
