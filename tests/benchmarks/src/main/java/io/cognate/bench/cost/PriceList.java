package io.cognate.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The prices file ({@code docs/cost/aws-prices.json}): every price the model uses, by id. */
public final class PriceList {
    public static final String LAMBDA_REQUESTS = "lambda.requests";
    public static final String LAMBDA_GB_SECOND = "lambda.gbSecond.x86";
    public static final String HTTP_API_REQUESTS = "apiGateway.httpApi.requests";
    public static final String DYNAMO_READ_UNITS = "dynamodb.onDemand.readRequestUnits";
    public static final String DYNAMO_WRITE_UNITS = "dynamodb.onDemand.writeRequestUnits";
    public static final String DYNAMO_REPLICATED_WRITE_UNITS = "dynamodb.onDemand.replicatedWriteRequestUnits";
    public static final String KMS_REQUESTS = "kms.requests";
    public static final String KMS_KEY_MONTH = "kms.keyMonth";
    public static final String KMS_ROTATION_MONTH = "kms.rotatedKeyMaterialMonth";
    public static final String EVENTBRIDGE_CUSTOM_EVENTS = "eventBridge.customEvents";
    public static final String ROUTE53_HOSTED_ZONE_MONTH = "route53.hostedZoneMonth";
    public static final String ROUTE53_HEALTH_CHECK_MONTH = "route53.healthCheckMonth";
    public static final String ARC_CLUSTER_HOUR = "arc.clusterHour";
    public static final String CLOUDWATCH_METRIC_MONTH = "cloudWatch.customMetricMonth";
    public static final String CLOUDWATCH_ALARM_MONTH = "cloudWatch.alarmMonth";
    public static final String CLOUDWATCH_DASHBOARD_MONTH = "cloudWatch.dashboardMonth";
    public static final String COGNITO_ESSENTIALS_MAU = "cognito.essentials.mau";
    public static final String COGNITO_REPLICA_MAU = "cognito.essentials.replicaMau";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Price> prices;
    private final String read;

    private PriceList(Map<String, Price> prices, String read) {
        this.prices = prices;
        this.read = read;
    }

    public static PriceList load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    static PriceList parse(String json, String name) throws IOException {
        JsonNode root = JSON.readTree(json);
        Map<String, Price> prices = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("prices").fields(); it.hasNext(); ) {
            var entry = it.next();
            JsonNode p = entry.getValue();
            String id = entry.getKey();
            for (String field : new String[] {"usd", "per", "unit", "source", "read"}) {
                if (!p.hasNonNull(field)) {
                    throw new IllegalArgumentException(name + ": price " + id + " has no " + field);
                }
            }
            prices.put(id, new Price(id, p.path("usd").asDouble(), p.path("per").asDouble(), p.path("unit").asText(),
                    p.path("region").asText(""), p.path("source").asText(), p.path("read").asText(),
                    p.path("confirmed").asBoolean(false), p.path("freeQuantity").asLong(0), p.path("note").asText("")));
        }
        return new PriceList(prices, root.path("read").asText(""));
    }

    public Price get(String id) {
        Price price = prices.get(id);
        if (price == null) {
            throw new IllegalArgumentException("the prices file has no price " + id);
        }
        return price;
    }

    public Collection<Price> all() {
        return prices.values();
    }

    /** The date the file says its prices were read. */
    public String read() {
        return read;
    }
}
