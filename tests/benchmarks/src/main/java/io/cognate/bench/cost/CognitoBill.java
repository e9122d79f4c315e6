package io.cognate.bench.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * What Cognito charges for the same users: the Essentials plan per MAU above its free tier, the
 * multi-region replication add-on per MAU per replica region, and the multi-region customer
 * managed KMS key replication requires (a key in each region).
 */
public final class CognitoBill {
    private CognitoBill() {
    }

    public static Bill monthly(Workload w, PriceList p) {
        Price essentials = p.get(PriceList.COGNITO_ESSENTIALS_MAU);
        double billable = Math.max(0, w.mau() - essentials.freeQuantity());
        List<LineItem> items = new ArrayList<>();
        items.add(new LineItem("Cognito", String.format(java.util.Locale.ROOT, "Essentials MAU above the %,d free", essentials.freeQuantity()), billable, "MAU",
                essentials.of(billable)));
        int replicas = w.regions() - 1;
        double replicaMau = (double) w.mau() * replicas;
        items.add(new LineItem("Cognito", "replica add-on (" + replicas + " replica region(s))", replicaMau, "MAU-replicas",
                p.get(PriceList.COGNITO_REPLICA_MAU).of(replicaMau)));
        if (replicas > 0) {
            items.add(new LineItem("KMS", "multi-region key for replication (1 x " + w.regions() + " regions)", w.regions(),
                    "key-months", p.get(PriceList.KMS_KEY_MONTH).of(w.regions())));
        }
        return new Bill("Cognito Essentials", items);
    }
}
