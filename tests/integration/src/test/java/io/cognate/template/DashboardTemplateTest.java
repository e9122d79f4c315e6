package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.adapters.logging.EmfAuthEvents;
import io.cognate.config.PowertoolsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CloudWatch dashboard in template.yaml names only what the code really emits: every metric in
 * the {@code Cognate} namespace is one {@link EmfAuthEvents} publishes when it is run
 * ({@link EmittedMetrics}), by one of the dimension sets it writes, with a {@code Service} some
 * function of the template has; every
 * AWS metric belongs to a resource the template makes; every log query reads a function's log
 * group for words the health-check really logs. A misnamed metric or log line would show an empty
 * panel in the middle of a failover, which is when nobody has time to find out why.
 */
class DashboardTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HEALTH_CHECK_SOURCES = Path.of("..", "..", "functions", "health-check", "src", "main", "java");
    /**
     * The AWS metrics a panel may use, by namespace: those CloudWatch publishes for the resource
     * types this template makes (Lambda functions, DynamoDB tables, EventBridge rules).
     */
    private static final Map<String, Set<String>> AWS_METRICS = Map.of(
            "AWS/Lambda", Set.of("Errors", "Throttles", "Invocations", "Duration", "ConcurrentExecutions"),
            "AWS/DynamoDB", Set.of("ReplicationLatency", "ThrottledRequests", "ReadThrottleEvents", "WriteThrottleEvents"),
            "AWS/Events", Set.of("MatchedEvents", "Invocations", "FailedInvocations"));
    private static final String THIRD_REGION_SHOWN = "ThirdRegionShown";
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}!]+)}");

    private static JsonNode template;
    private static JsonNode dashboard;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load();
        var dashboards = SamTemplate.resources(template, "AWS::CloudWatch::Dashboard");
        assertThat(dashboards).containsOnlyKeys("FailoverDashboard");
        dashboard = dashboards.get("FailoverDashboard");
    }

    /** The metric-name constants EmfAuthEvents declares. */
    static Set<String> metricNameConstants() {
        Set<String> names = new TreeSet<>();
        for (Field field : EmfAuthEvents.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static List<EmittedMetrics.Metric> emitted() {
        return EmittedMetrics.of(PowertoolsConfig.DEFAULT_METRICS_NAMESPACE, "cognate-test", "eu-west-1");
    }

    @Test
    void everyMetricNameConstantIsEmittedAndTheDimensionSetsAreWhatEmfWrites() {
        List<EmittedMetrics.Metric> emitted = emitted();
        assertThat(emitted.stream().map(EmittedMetrics.Metric::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(metricNameConstants());
        assertThat(emitted).contains(new EmittedMetrics.Metric("Cognate", "ReplicationLag", Set.of("Service", "Region")),
                new EmittedMetrics.Metric("Cognate", "ReplicationLag", Set.of("PeerRegion")))
                .doesNotContain(new EmittedMetrics.Metric("Cognate", "ReplicationLag", Set.of("Service", "Region", "PeerRegion")));
    }

    @Test
    void everyMetricOnTheDashboardIsOneTheCodeOrTheStacksResourcesEmit() throws IOException {
        assertThat(problems(body())).isEmpty();
        assertThat(metricNames(body())).as("the panels the status page has")
                .contains("Cognate/RegionPromoted", "Cognate/ReplicationLag", "Cognate/SignInFailed",
                        "AWS/Lambda/Throttles", "AWS/Events/MatchedEvents", "AWS/DynamoDB/ReplicationLatency");
    }

    @Test
    void aMetricTheCodeDoesNotEmitIsCaught() throws IOException {
        String misnamed = body().replace("\"SignInFailed\"", "\"SignInFailures\"");
        assertThat(problems(misnamed)).anySatisfy(problem -> assertThat(problem).contains("SignInFailures"));
        String wrongService = body().replace("\"cognate-identity-api\"", "\"cognate-identity\"");
        assertThat(problems(wrongService)).anySatisfy(problem -> assertThat(problem).contains("service name cognate-identity "));
        // All three dimensions at once: a set EMF never writes, so the panel would stay empty.
        String threeDimensions = body().replace("\"Region\", \"${ReplicaRegion}\", {\"region\": \"${ReplicaRegion}\", \"label\": \"${PrimaryRegion} -> ",
                "\"Region\", \"${ReplicaRegion}\", \"PeerRegion\", \"${PrimaryRegion}\", {\"region\": \"${ReplicaRegion}\", \"label\": \"${PrimaryRegion} -> ");
        assertThat(threeDimensions).isNotEqualTo(body());
        assertThat(problems(threeDimensions)).anySatisfy(problem -> assertThat(problem)
                .contains("ReplicationLag by [PeerRegion, Region, Service]"));
        String unknownLogLine = body().replace("PROMOTED to primary at epoch", "promoted at epoch");
        assertThat(problems(unknownLogLine)).anySatisfy(problem -> assertThat(problem).contains("promoted at epoch"));
        String unknownResource = body().replace("${HealthWatchFunction}", "${HealthWatcherFunction}");
        assertThat(problems(unknownResource)).anySatisfy(problem -> assertThat(problem).contains("HealthWatcherFunction"));
    }

    @Test
    void theNamespaceIsTheOneTheFunctionsPublishTo() {
        assertThat(template.path("Globals").path("Function").path("Environment").path("Variables")
                .path(PowertoolsConfig.METRICS_NAMESPACE).asText()).isEqualTo("Cognate");
        assertThat(PowertoolsConfig.DEFAULT_METRICS_NAMESPACE).isEqualTo("Cognate");
    }

    @Test
    void everySubstitutionNamesAParameterAResourceOrAVariableAndTheBodyIsJson() throws IOException {
        JsonNode sub = dashboard.path("Properties").path("DashboardBody").path("Fn::Sub");
        Set<String> known = new HashSet<>();
        template.path("Parameters").fieldNames().forEachRemaining(known::add);
        template.path("Resources").fieldNames().forEachRemaining(known::add);
        sub.path(1).fieldNames().forEachRemaining(known::add);
        known.addAll(List.of("AWS::Region", "AWS::AccountId", "AWS::URLSuffix", "AWS::StackName"));
        Matcher substitution = SUBSTITUTION.matcher(body());
        while (substitution.find()) {
            assertThat(known).as("${" + substitution.group(1) + "}").contains(substitution.group(1));
        }
        assertThat(JSON.readTree(body()).path("widgets").size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theDashboardNeedsNoPermission() throws IOException {
        // Nothing in the stack reads or writes a dashboard, so no role may be given the right to.
        assertThat(Files.readString(SamTemplate.TEMPLATE)).doesNotContainIgnoringCase("cloudwatch:PutDashboard")
                .doesNotContainIgnoringCase("cloudwatch:*");
    }

    /**
     * The body as JSON text: the one unquoted substitution, a third region's rows' visibility,
     * set to {@code true} so those rows are checked like the others.
     */
    private static String body() {
        return rawBody().replace("${" + THIRD_REGION_SHOWN + "}", "true");
    }

    private static String rawBody() {
        return dashboard.path("Properties").path("DashboardBody").path("Fn::Sub").path(0).asText();
    }

    @Test
    void aThirdRegionHasItsRowsAndTheyAreHiddenWithoutOne() throws IOException {
        JsonNode variables = dashboard.path("Properties").path("DashboardBody").path("Fn::Sub").path(1);
        assertThat(variables.path(THIRD_REGION_SHOWN).path("Fn::If").toString()).isEqualTo("[\"HasThirdRegion\",\"true\",\"false\"]");
        assertThat(variables.path("ThirdPanelRegion").path("Fn::If").path(0).asText()).isEqualTo("HasThirdRegion");
        assertThat(template.path("Conditions").has("HasThirdRegion")).isTrue();
        List<String> thirdRows = new ArrayList<>();
        for (JsonNode widget : JSON.readTree(body()).path("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                String row = metric.toString();
                if (row.contains("${ThirdPanelRegion}") || row.contains("${OtherReceivingRegion}")) {
                    thirdRows.add(metric.path(1).asText());
                    assertThat(metric.path(metric.size() - 1).path("visible").asBoolean(false)).as(row).isTrue();
                }
            }
        }
        // Each per-region panel has the third region's row: promotions, heartbeat lag, DynamoDB's
        // replication latency of the three tables, and the three sign-in counts.
        assertThat(thirdRows).containsExactlyInAnyOrder("RegionPromoted", "ReplicationLag", "ReplicationLatency",
                "ReplicationLatency", "ReplicationLatency", "SignInSucceeded", "SignInFailed", "AccountLocked");
        // Unquoted only where it stands for a JSON boolean.
        assertThat(rawBody().split(Pattern.quote("${" + THIRD_REGION_SHOWN + "}"), -1).length - 1)
                .isEqualTo(rawBody().split(Pattern.quote("\"visible\": ${" + THIRD_REGION_SHOWN + "}"), -1).length - 1)
                .isEqualTo(thirdRows.size());
    }

    private static List<String> metricNames(String body) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode widget : JSON.readTree(body).path("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                names.add(metric.path(0).asText() + "/" + metric.path(1).asText());
            }
        }
        return names;
    }

    /** What is wrong with a dashboard body; empty when every name checks out. */
    static List<String> problems(String body) throws IOException {
        List<String> problems = new ArrayList<>();
        List<EmittedMetrics.Metric> emitted = emitted();
        Set<String> services = serviceNames();
        Set<String> functions = SamTemplate.resources(template, "AWS::Serverless::Function").keySet();
        Set<String> tables = tableNames();
        for (JsonNode widget : JSON.readTree(body).path("widgets")) {
            JsonNode properties = widget.path("properties");
            switch (widget.path("type").asText()) {
                case "metric" -> {
                    for (JsonNode metric : properties.path("metrics")) {
                        checkMetric(metric, emitted, services, functions, tables, problems);
                    }
                }
                case "log" -> checkLogQuery(properties.path("query").asText(), functions, problems);
                case "text" -> { }
                default -> problems.add("unknown widget type " + widget.path("type"));
            }
        }
        return problems;
    }

    private static void checkMetric(JsonNode metric, List<EmittedMetrics.Metric> emitted, Set<String> services,
                                    Set<String> functions, Set<String> tables, List<String> problems) {
        String namespace = metric.path(0).asText();
        String name = metric.path(1).asText();
        Map<String, String> dimensions = new java.util.LinkedHashMap<>();
        for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
            dimensions.put(metric.get(i).asText(), metric.get(i + 1).asText());
        }
        if (namespace.equals(PowertoolsConfig.DEFAULT_METRICS_NAMESPACE)) {
            var asked = new EmittedMetrics.Metric(namespace, name, new TreeSet<>(dimensions.keySet()));
            if (!emitted.contains(asked)) {
                problems.add(name + " by " + asked.dimensions() + " is not a metric the code emits: " + emitted);
            }
            String service = dimensions.get("Service");
            if (service != null && !services.contains(service)) {
                problems.add(name + ": no function has the service name " + service + " " + services);
            }
            return;
        }
        Set<String> known = AWS_METRICS.get(namespace);
        if (known == null || !known.contains(name)) {
            problems.add(namespace + "/" + name + " is not a metric of the stack's resources");
        }
        String function = dimensions.get("FunctionName");
        if (function != null && !functions.contains(reference(function))) {
            problems.add(name + ": FunctionName " + function + " is not a function of the template");
        }
        String table = dimensions.get("TableName");
        if (table != null && !tables.contains(table)) {
            problems.add(name + ": TableName " + table + " is not a table of the template " + tables);
        }
    }

    /** Log queries read a function's log group and look for words the health-check logs. */
    private static void checkLogQuery(String query, Set<String> functions, List<String> problems) {
        Matcher source = Pattern.compile("^SOURCE '/aws/lambda/\\$\\{(\\w+)}'").matcher(query);
        if (!source.find() || !functions.contains(source.group(1))) {
            problems.add("log query does not read a function's log group: " + query);
        }
        String logged = healthCheckSources();
        Matcher like = Pattern.compile("like /([^/]+)/").matcher(query);
        while (like.find()) {
            for (String phrase : like.group(1).split("\\|")) {
                if (!logged.contains(phrase)) {
                    problems.add("the health-check never logs \"" + phrase + "\"");
                }
            }
        }
    }

    private static String healthCheckSources() {
        try (Stream<Path> files = Files.walk(HEALTH_CHECK_SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java")).map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String reference(String value) {
        Matcher substitution = SUBSTITUTION.matcher(value);
        return substitution.matches() ? substitution.group(1) : value;
    }

    /** The POWERTOOLS_SERVICE_NAME values the template gives its functions. */
    private static Set<String> serviceNames() {
        Set<String> names = new TreeSet<>();
        for (JsonNode function : SamTemplate.resources(template, "AWS::Serverless::Function").values()) {
            JsonNode name = function.path("Properties").path("Environment").path("Variables").path("POWERTOOLS_SERVICE_NAME");
            if (name.isTextual()) {
                names.add(name.asText());
            }
        }
        return names;
    }

    /** The tables' names as written in the template ({@code cognate-${Environment}-directory}, ...). */
    private static Set<String> tableNames() {
        Set<String> names = new TreeSet<>();
        for (String type : Arrays.asList("AWS::DynamoDB::GlobalTable", "AWS::DynamoDB::Table")) {
            for (JsonNode table : SamTemplate.resources(template, type).values()) {
                JsonNode name = table.path("Properties").path("TableName");
                if (name.has("Fn::Sub")) {
                    names.add(name.path("Fn::Sub").asText());
                } else if (name.isTextual()) {
                    names.add(name.asText());
                }
            }
        }
        return names;
    }
}
