package io.cognate.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.bench.template.SamTemplateYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What template.yaml deploys in each region, as far as the bill goes: each function module's
 * memory size, the failover check's schedule and probe interval, the multi-region keys, the alarms
 * and dashboards. Read from the template so that a change there changes the bill.
 */
public record DeploymentFacts(Map<String, Integer> memoryMbByModule, int scheduleMinutes, long probeIntervalMs,
                              int healthWatchMemoryMb, int healthEndpointMemoryMb, int multiRegionKeys,
                              int rotatedKeys, int alarms, int dashboards, int route53HealthChecks,
                              Workload.TrafficSwitch defaultTrafficSwitch) {

    private static final Pattern CODE_URI_MODULE = Pattern.compile("functions/([^/]+)/");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours)\\)");

    public DeploymentFacts {
        memoryMbByModule = Map.copyOf(memoryMbByModule);
    }

    public static DeploymentFacts read(Path template) throws IOException {
        return of(SamTemplateYaml.parse(Files.readString(template)));
    }

    public static DeploymentFacts of(JsonNode template) {
        int globalMemory = template.path("Globals").path("Function").path("MemorySize").asInt(128);
        Map<String, Integer> memory = new LinkedHashMap<>();
        int scheduleMinutes = 0;
        int watchMemory = 0;
        int healthMemory = 0;
        int keys = 0;
        int rotated = 0;
        int alarms = 0;
        int dashboards = 0;
        int healthChecks = 0;
        for (Iterator<JsonNode> it = template.path("Resources").elements(); it.hasNext(); ) {
            JsonNode resource = it.next();
            JsonNode properties = resource.path("Properties");
            switch (resource.path("Type").asText()) {
                case "AWS::Serverless::Function" -> {
                    int mb = properties.path("MemorySize").asInt(globalMemory);
                    Matcher module = CODE_URI_MODULE.matcher(properties.path("CodeUri").asText());
                    if (module.find()) {
                        // Functions that share a jar (the token-verifier's three) may differ: take the largest.
                        memory.merge(module.group(1), mb, Math::max);
                    }
                    for (Iterator<JsonNode> events = properties.path("Events").elements(); events.hasNext(); ) {
                        JsonNode event = events.next();
                        if (event.path("Type").asText().equals("Schedule")) {
                            scheduleMinutes = minutes(event.path("Properties").path("Schedule").asText());
                            watchMemory = mb;
                        } else if (event.path("Type").asText().equals("HttpApi")
                                && event.path("Properties").path("Path").asText().equals("/health")) {
                            healthMemory = mb;
                        }
                    }
                }
                case "AWS::KMS::Key" -> {
                    if (properties.path("MultiRegion").asBoolean(false)) {
                        keys++;
                        if (properties.path("EnableKeyRotation").asBoolean(false)) {
                            rotated++;
                        }
                    }
                }
                case "AWS::CloudWatch::Alarm" -> alarms++;
                case "AWS::CloudWatch::Dashboard" -> dashboards++;
                case "AWS::Route53::HealthCheck" -> healthChecks++;
                default -> { }
            }
        }
        if (scheduleMinutes == 0) {
            throw new IllegalArgumentException("the template has no scheduled function (the failover check)");
        }
        JsonNode parameters = template.path("Parameters");
        long probeInterval = parameters.path("ProbeIntervalMs").path("Default").asLong(10_000);
        Workload.TrafficSwitch traffic = parameters.path("TrafficSwitch").path("Default").asText("route53").equals("arc")
                ? Workload.TrafficSwitch.ARC : Workload.TrafficSwitch.ROUTE53;
        return new DeploymentFacts(memory, scheduleMinutes, probeInterval, watchMemory, healthMemory, keys, rotated,
                alarms, dashboards, healthChecks, traffic);
    }

    private static int minutes(String schedule) {
        Matcher rate = RATE.matcher(schedule);
        if (!rate.matches()) {
            throw new IllegalArgumentException("cannot read the schedule " + schedule + " (expected rate(N minutes))");
        }
        int n = Integer.parseInt(rate.group(1));
        return rate.group(2).startsWith("hour") ? n * 60 : n;
    }

    public int memoryMb(String module) {
        Integer mb = memoryMbByModule.get(module);
        if (mb == null) {
            throw new IllegalArgumentException("the template deploys no function from functions/" + module);
        }
        return mb;
    }

    /** The same deployment with one module's functions at another memory size. */
    public DeploymentFacts withMemory(String module, int mb) {
        memoryMb(module);
        Map<String, Integer> memory = new LinkedHashMap<>(memoryMbByModule);
        memory.put(module, mb);
        return new DeploymentFacts(memory, scheduleMinutes, probeIntervalMs, healthWatchMemoryMb, healthEndpointMemoryMb,
                multiRegionKeys, rotatedKeys, alarms, dashboards, route53HealthChecks, defaultTrafficSwitch);
    }

    /** Probe ticks in one scheduled run (FailoverSettings.probesPerRun). */
    public int ticksPerRun() {
        return (int) Math.max(1, scheduleMinutes * 60_000L / probeIntervalMs);
    }
}
