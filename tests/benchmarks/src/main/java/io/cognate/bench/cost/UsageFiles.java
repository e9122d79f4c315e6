package io.cognate.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The measured usage: {@code <dir>/<scenario>.json}, each the JSON {@code ./cognate load --json} writes. */
public final class UsageFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UsageFiles() {
    }

    /** A scenario's usage file is not there; the message says which and how to make it. */
    public static final class MissingUsageException extends IOException {
        public MissingUsageException(Path file, String scenario) {
            super("no usage file for the " + scenario + " scenario: " + file + " does not exist. Measure it with"
                    + " './cognate load --scenario " + scenario + " --json " + file + "', or point --usage at a"
                    + " directory that holds " + scenario + ".json");
        }
    }

    public static OperationUsage load(Path dir, String scenario) throws IOException {
        Path file = dir.resolve(scenario + ".json");
        if (!Files.isRegularFile(file)) {
            throw new MissingUsageException(file, scenario);
        }
        return parse(Files.readString(file), scenario, file.toString());
    }

    static OperationUsage parse(String json, String scenario, String name) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode op = root.path("perOperation");
        if (!op.isObject()) {
            throw new IOException(name + " has no perOperation object");
        }
        String named = root.path("scenario").asText(scenario);
        if (!named.equals(scenario)) {
            throw new IOException(name + " holds the " + named + " scenario, not " + scenario);
        }
        return new OperationUsage(scenario, numbers(op.path("lambdaInvocations")), numbers(op.path("lambdaMs")),
                number(op, "apiRequests", name), number(op, "dynamoReadUnits", name), number(op, "dynamoWriteUnits", name),
                op.path("dynamoRegionalWriteUnits").asDouble(0), number(op, "kmsRequests", name),
                number(op, "eventBridgeEvents", name));
    }

    private static double number(JsonNode op, String field, String name) throws IOException {
        if (!op.path(field).isNumber()) {
            throw new IOException(name + ": perOperation." + field + " is missing or not a number");
        }
        return op.path(field).asDouble();
    }

    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            var entry = it.next();
            values.put(entry.getKey(), entry.getValue().asDouble());
        }
        return values;
    }
}
