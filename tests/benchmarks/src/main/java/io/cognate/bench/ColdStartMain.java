package io.cognate.bench;

import com.sun.net.httpserver.HttpServer;
import io.cognate.adapters.aws.AwsClients;
import io.cognate.config.AuthorizerConfig;
import io.cognate.config.CognateConfig;
import io.cognate.config.FailoverSettings;
import io.cognate.config.PowertoolsConfig;
import io.cognate.domain.AdminUsers;
import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.UserAttributes;
import io.cognate.identity.IdentityApiServices;
import io.cognate.local.LocalCredentials;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.local.events.LocalEventBridge;
import io.cognate.local.kms.KeyMaterialStore;
import io.cognate.local.kms.LocalKms;
import io.cognate.local.route53.LocalRoute53;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * {@code ./cognate cold-start [launches] [--function NAME]... [--base-port N] [--jvm-options "..."]
 * [--http-clients] [--class-logs DIR] [--app-cds]}: the cold starts of the three functions, measured locally, without SnapStart.
 *
 * <p>Starts a local KMS, DynamoDB Local, EventBridge and Route 53 in this JVM (and a stand-in for
 * the peer region's {@code /health}), writes a leader record, an app client and a user, then
 * launches fresh JVMs on each function's shaded Lambda jar plus a small driver, with the
 * environment variables template.yaml gives that function, and times each from process start to
 * its first answered request: the token-verifier's first authorization, identity-api's first
 * InitiateAuth (USER_PASSWORD_AUTH, one Argon2id check) and, apart, its first GetUser, and
 * health-check's first scheduled run. Prints min / median / max over the launches, the median
 * time of each step ({@link ColdStartPhases}), and, from one more launch with
 * {@code -Xlog:class+load}, how many classes were loaded before each step: a figure the machine's
 * load does not move ({@code --class-logs DIR} keeps those launches' output, one file a line).
 * {@code --app-cds} runs each line on an AppCDS archive its own training launch wrote ({@link AppCdsTraining}).
 */
public final class ColdStartMain {
    static final String REGION = "us-east-1";
    static final String PEER_REGION = "eu-west-1";
    private static final String ISSUER = "https://auth.example.com";
    private static final String POOL_ID = REGION + "_coldstart";
    private static final String USERNAME = "cold-start-user";
    private static final String PASSWORD = "Cold-start-Passw0rd!";
    private static final String CLIENT_ID = "coldstartclient0000000000";
    private static final List<String> FUNCTIONS = List.of("token-verifier", "identity-api", "health-check");

    private ColdStartMain() {
    }

    /** The command line. */
    record Options(int launches, List<String> functions, int basePort, List<String> jvmOptions, boolean httpClients,
                   Path classLogs, boolean appCds) {
        static Options parse(String[] args) {
            int launches = 10;
            List<String> functions = new ArrayList<>();
            int basePort = 0;
            // Null: each function's own, as template.yaml gives them.
            List<String> jvmOptions = null;
            boolean httpClients = false;
            Path classLogs = null;
            boolean appCds = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--function" -> functions.add(args[++i]);
                    case "--base-port" -> basePort = Integer.parseInt(args[++i]);
                    case "--jvm-options" -> jvmOptions = Arrays.stream(args[++i].trim().split("\\s+"))
                            .filter(s -> !s.isEmpty()).toList();
                    case "--http-clients" -> httpClients = true;
                    case "--class-logs" -> classLogs = Path.of(args[++i]);
                    case "--app-cds" -> appCds = true;
                    default -> launches = Integer.parseInt(args[i]);
                }
            }
            for (String function : functions) {
                if (!FUNCTIONS.contains(function)) {
                    throw new IllegalArgumentException("--function takes one of " + FUNCTIONS + ", not " + function);
                }
            }
            return new Options(launches, functions.isEmpty() ? FUNCTIONS : List.copyOf(functions), basePort,
                    jvmOptions, httpClients, classLogs, appCds);
        }

        /** Port {@code offset} of the range given with --base-port, or 0 (any free port) without it. */
        int port(int offset) {
            return basePort == 0 ? 0 : basePort + offset;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path root = Path.of(System.getProperty("cognate.root", ".")).toAbsolutePath().normalize();
        String driverClasses = root.resolve("tests/benchmarks/target/classes").toString();
        // The parent's own clients sign with these; the emulators check no signature.
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");

        TableNames tables = new TableNames("cold-directory", "cold-sessions", "cold-control", "cold-lockout");
        String idempotencyTable = "cold-idempotency";
        try (LocalKms kms = LocalKms.start(REGION, options.port(1), new KeyMaterialStore());
             LocalDynamoDb dynamo = LocalDynamoDb.start(REGION, options.port(2));
             LocalEventBridge events = new LocalEventBridge(options.port(3), REGION).start();
             PeerHealth peer = PeerHealth.start(options.port(5));
             KmsClient kmsClient = KmsClient.builder().region(Region.of(REGION)).endpointOverride(kms.endpoint())
                     .credentialsProvider(LocalCredentials.PROVIDER)
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            LocalRoute53 route53 = new LocalRoute53(options.port(4), Clock.systemUTC()).start();
            new CognateTables(tables).createIfMissing(dynamo.client());
            new CognateTables(tables).createRegionalIfMissing(dynamo.client(), idempotencyTable);
            String signingKeyId = kmsClient.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY))
                    .keyMetadata().keyId();
            String dataKeyId = kmsClient.createKey(b -> b.keySpec(KeySpec.SYMMETRIC_DEFAULT)
                    .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata().keyId();
            String hostedZoneId = route53.createZone("example.com");

            // What every function gets: template.yaml's Globals, what Lambda itself sets, and the
            // local endpoints in place of AWS's.
            Map<String, String> common = new LinkedHashMap<>();
            common.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            common.put("AWS_ACCESS_KEY_ID", "local");
            common.put("AWS_SECRET_ACCESS_KEY", "local");
            common.put("AWS_SESSION_TOKEN", "local");
            common.put(CognateConfig.REGION, REGION);
            common.put("AWS_DEFAULT_REGION", REGION);
            common.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            common.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            // Tracing: Active: Lambda names the X-Ray daemon (UDP; nothing listens here, and
            // without an invocation's trace header no segment is sent anyway).
            common.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + peer.port());
            common.put("POWERTOOLS_SERVICE_NAME", "cognate");
            common.put("POWERTOOLS_METRICS_NAMESPACE", "Cognate");
            common.put("POWERTOOLS_LOG_LEVEL", "INFO");
            common.put(CognateConfig.USER_POOL_ID, POOL_ID);
            common.put(CognateConfig.ISSUER, ISSUER);
            common.put(CognateConfig.DIRECTORY_TABLE, tables.directory());
            common.put(CognateConfig.SESSIONS_TABLE, tables.sessions());
            common.put(CognateConfig.CONTROL_TABLE, tables.control());
            common.put(CognateConfig.LOCKOUT_TABLE, tables.lockout());
            common.put(CognateConfig.SIGNING_KEY_ID, signingKeyId);
            common.put(CognateConfig.DATA_KEY_ID, dataKeyId);
            common.put(CognateConfig.EVENT_BUS_NAME, "cognate-coldstart");
            common.put(CognateConfig.KMS_ENDPOINT, kms.endpoint().toString());
            common.put(CognateConfig.DYNAMODB_ENDPOINT, dynamo.endpoint().toString());
            common.put(CognateConfig.EVENTBRIDGE_ENDPOINT, events.endpoint().toString());

            Map<String, String> identityEnv = new LinkedHashMap<>(common);
            identityEnv.put("POWERTOOLS_SERVICE_NAME", "cognate-identity-api");
            identityEnv.put("AWS_LAMBDA_FUNCTION_NAME", "cognate-identity-api");
            identityEnv.put(PowertoolsConfig.IDEMPOTENCY_TABLE, idempotencyTable);
            identityEnv.put(CognateConfig.MFA_CONFIGURATION, "OPTIONAL");
            identityEnv.put("COGNATE_IMPORT_BUCKET", "cognate-coldstart-imports");

            Map<String, String> verifierEnv = new LinkedHashMap<>(common);
            verifierEnv.put("POWERTOOLS_SERVICE_NAME", "cognate-token-verifier");
            verifierEnv.put("AWS_LAMBDA_FUNCTION_NAME", "cognate-token-authorizer");
            verifierEnv.put(AuthorizerConfig.CLIENT_IDS, CLIENT_ID);
            verifierEnv.put(AuthorizerConfig.ROUTES, "{\"GET /demo/whoami\": {\"tokenUse\": \"access\"}}");
            verifierEnv.put(AuthorizerConfig.CHECK_REVOCATION, "false");

            Map<String, String> healthEnv = new LinkedHashMap<>(common);
            healthEnv.put("POWERTOOLS_SERVICE_NAME", "cognate-health-check");
            healthEnv.put("AWS_LAMBDA_FUNCTION_NAME", "cognate-failover-watch");
            healthEnv.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
            healthEnv.put(FailoverSettings.REGIONS, REGION + "=" + peer.endpoint(REGION) + "," + PEER_REGION + "="
                    + peer.endpoint(PEER_REGION));
            // One tick per run, so the run ends at its first tick; on Lambda a run ticks every
            // ProbeIntervalMs (10 s) for a minute, and its first tick is what a cold start delays.
            healthEnv.put(FailoverSettings.SCHEDULE_SECONDS, "1");
            healthEnv.put(FailoverSettings.PROBE_INTERVAL_MS, "1000");
            healthEnv.put(FailoverSettings.FAILURE_THRESHOLD, "3");
            healthEnv.put(FailoverSettings.TRAFFIC_SWITCH, "route53");
            healthEnv.put(FailoverSettings.HOSTED_ZONE_ID, hostedZoneId);
            healthEnv.put(FailoverSettings.RECORD_NAME, "auth.example.com");
            healthEnv.put(FailoverSettings.RECORD_TARGETS, REGION + "=d-cold.execute-api." + REGION + ".amazonaws.com,"
                    + PEER_REGION + "=d-cold.execute-api." + PEER_REGION + ".amazonaws.com");
            healthEnv.put(FailoverSettings.ROUTE53_ENDPOINT, route53.endpoint().toString());

            // The pool's leader record, app client and user, written as identity-api writes them.
            String accessToken;
            Map<String, String> parentEnv = new HashMap<>(identityEnv);
            try (IdentityApiServices services = new IdentityApiServices(CognateConfig.from(parentEnv),
                    AwsClients.create(CognateConfig.from(parentEnv)), Clock.systemUTC(), PowertoolsConfig.from(parentEnv),
                    LocalCredentials.PROVIDER)) {
                LeaderRecord leader = services.leaders().initialise(new LeaderRecord(REGION, 1));
                services.directory().putClient(new AppClient(CLIENT_ID, "cold-start-client",
                        Set.of(AppClient.ALLOW_USER_PASSWORD_AUTH, AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                        Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)), leader);
                services.adminUsers().create(POOL_ID, new AdminUsers.Invitation(USERNAME,
                        List.of(new UserAttributes.Attribute("email", "cold@example.com")), PASSWORD + "-temporary",
                        "SUPPRESS", List.of()));
                services.adminUsers().setPassword(POOL_ID, USERNAME, PASSWORD, true);
                accessToken = services.identityService().passwordAuth(CLIENT_ID, USERNAME, PASSWORD).accessToken();
            }

            System.out.printf("JVM: %s %s, options %s, %d launches each; load average %s%n",
                    System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    options.jvmOptions() == null ? "as template.yaml gives each function (identity-api "
                            + ChildJvm.IDENTITY_API_JVM_OPTIONS + ", the others " + ChildJvm.LAMBDA_JVM_OPTIONS + ")"
                            : options.jvmOptions(),
                    options.launches(), LoadAverage.now());
            for (String function : FUNCTIONS) {
                Path jar = lambdaJar(root, function);
                System.out.printf("%s Lambda jar: %s, %,d bytes (%.2f MB)%n", function, root.relativize(jar),
                        Files.size(jar), Files.size(jar) / 1_000_000.0);
            }
            System.out.println();

            var measurement = new Measurement(options);
            if (options.functions().contains("token-verifier")) {
                List<String> classpath = List.of(lambdaJar(root, "token-verifier").toString(), driverClasses);
                measurement.measure("token-verifier", "token-verifier: JVM start -> first authorized request",
                        classpath, ColdStartDriver.class.getName(), List.of(accessToken), verifierEnv, "AUTHORIZED");
                var withRevocation = new HashMap<>(verifierEnv);
                withRevocation.put(AuthorizerConfig.CHECK_REVOCATION, "true");
                var revocationClasspath = new ArrayList<String>(List.of(lambdaJar(root, "token-verifier").toString()));
                revocationClasspath.addAll(revocationLayer(root));
                revocationClasspath.add(driverClasses);
                measurement.measure("token-verifier",
                        "token-verifier: ... with the revocation check (jar + layer, one DynamoDB query)",
                        revocationClasspath, ColdStartDriver.class.getName(), List.of(accessToken), withRevocation,
                        "AUTHORIZED");
            }
            if (options.functions().contains("identity-api")) {
                List<String> classpath = List.of(lambdaJar(root, "identity-api").toString(), driverClasses);
                String initiateAuth = "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"" + CLIENT_ID
                        + "\",\"AuthParameters\":{\"USERNAME\":\"" + USERNAME + "\",\"PASSWORD\":\"" + PASSWORD + "\"}}";
                measurement.measure("identity-api",
                        "identity-api: JVM start -> first InitiateAuth USER_PASSWORD_AUTH answered",
                        classpath, IdentityApiColdStartDriver.class.getName(),
                        List.of("InitiateAuth", initiateAuth, "\"AccessToken\""), identityEnv, "ANSWERED");
                measurement.measure("identity-api", "identity-api: JVM start -> first GetUser answered", classpath,
                        IdentityApiColdStartDriver.class.getName(),
                        List.of("GetUser", "{\"AccessToken\":\"" + accessToken + "\"}", "\"Username\""), identityEnv,
                        "ANSWERED");
            }
            if (options.functions().contains("health-check")) {
                List<String> classpath = List.of(lambdaJar(root, "health-check").toString(), driverClasses);
                measurement.measure("health-check", "health-check: JVM start -> first scheduled run (one tick) done",
                        classpath, HealthCheckColdStartDriver.class.getName(), List.of(REGION), healthEnv, "RAN");
            }
            if (options.httpClients()) {
                // The choice the token-verifier's jar size rests on (docs/performance.md).
                List<String> fullClasspath = new ArrayList<>(List.of(driverClasses));
                fullClasspath.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
                for (String client : List.of("crt", "urlconnection")) {
                    measurement.measure("token-verifier", "JVM start -> public key fetched, " + client + " HTTP client",
                            fullClasspath, HttpClientStartDriver.class.getName(),
                            List.of(client, REGION, kms.endpoint().toString(), signingKeyId), common, "FETCHED");
                }
            }
            System.out.printf("%nload average at the end: %s%n", LoadAverage.now());
            route53.close();
        }
    }

    static Path lambdaJar(Path root, String function) throws IOException {
        try (var files = Files.list(root.resolve("functions/" + function + "/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build " + function + " first (mvn package)"));
        }
    }

    private static List<String> revocationLayer(Path root) throws IOException {
        try (var files = Files.list(root.resolve("functions/token-verifier/target/revocation-layer/java/lib"))) {
            return files.map(Path::toString).sorted().toList();
        }
    }

    /** Times the launches of one line and prints its figures, its steps and its class counts. */
    private static final class Measurement {
        private final Options options;

        Measurement(Options options) {
            this.options = options;
        }

        /** {@code function}: whose template options the launches get, unless --jvm-options names others. */
        void measure(String function, String what, List<String> classpath, String mainClass, List<String> args,
                     Map<String, String> env, String line) throws Exception {
            List<String> jvmOptions = options.jvmOptions() != null ? options.jvmOptions()
                    : ChildJvm.lambdaJvmOptions(function);
            if (options.appCds()) {
                var archived = AppCdsTraining.train(jvmOptions, classpath, mainClass, args, env, line);
                jvmOptions = archived.jvmOptions();
                classpath = archived.classpath();
            }
            List<Long> millis = new ArrayList<>();
            List<Long> cpu = new ArrayList<>();
            Map<String, List<Long>> phases = new LinkedHashMap<>();
            for (int i = 0; i < options.launches(); i++) {
                ChildJvm.Run run = ChildJvm.run(jvmOptions, classpath, mainClass, args, env, line);
                if (run.untilLine() == null) {
                    throw new IllegalStateException(what + ": the child never printed " + line + "; it printed "
                            + run.lines() + " and on stderr:\n" + run.errors());
                }
                millis.add(run.untilLine().toMillis());
                run.lines().stream().filter(l -> l.startsWith(ColdStartPhases.PREFIX + ColdStartPhases.CPU_MS)).findFirst()
                        .ifPresent(l -> cpu.add(Long.parseLong(l.substring((ColdStartPhases.PREFIX
                                + ColdStartPhases.CPU_MS).length()))));
                for (String phase : ColdStartPhases.ALL) {
                    Duration at = run.timeOf(ColdStartPhases.PREFIX + phase);
                    if (at != null) {
                        phases.computeIfAbsent(phase, p -> new ArrayList<>()).add(at.toMillis());
                    }
                }
            }
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.printf("%-84s min %5d ms  median %5d ms  max %5d ms%n", what, sorted.getFirst(),
                    median(sorted), sorted.getLast());
            if (!cpu.isEmpty()) {
                List<Long> cpuSorted = cpu.stream().sorted().toList();
                System.out.printf("    %-28s median %5d ms (min %d, max %d): CPU time of the whole process, all threads%n",
                        "CPU time until answered", median(cpuSorted), cpuSorted.getFirst(), cpuSorted.getLast());
            }

            // One more launch logging each class load to standard output, between the marks.
            List<String> logging = new ArrayList<>(jvmOptions);
            logging.add("-Xlog:class+load=info:stdout");
            ChildJvm.Run counted = ChildJvm.run(logging, classpath, mainClass, args, env, line);
            Map<String, int[]> counts = classCounts(counted.lines());
            if (options.classLogs() != null) {
                Files.createDirectories(options.classLogs());
                Files.write(options.classLogs().resolve(what.replaceAll("[^A-Za-z0-9]+", "-") + ".log"), counted.lines());
            }
            StringBuilder steps = new StringBuilder();
            for (var phase : phases.entrySet()) {
                int[] count = counts.getOrDefault(phase.getKey(), new int[2]);
                steps.append(String.format("    %-28s median %5d ms, %,6d classes loaded (%,6d not from the CDS archive)%n",
                        phase.getKey(), median(phase.getValue().stream().sorted().toList()), count[0], count[1]));
            }
            System.out.print(steps);
        }

        /** For each mark, the classes loaded before it: all of them, and those not from the CDS archive. */
        private static Map<String, int[]> classCounts(List<String> lines) {
            Map<String, int[]> counts = new HashMap<>();
            int all = 0;
            int notShared = 0;
            for (String line : lines) {
                if (line.contains("[class,load]")) {
                    all++;
                    if (!line.contains("source: shared objects file")) {
                        notShared++;
                    }
                } else if (line.startsWith(ColdStartPhases.PREFIX)) {
                    counts.putIfAbsent(line.substring(ColdStartPhases.PREFIX.length()), new int[] {all, notShared});
                }
            }
            return counts;
        }

        private static long median(List<Long> sorted) {
            return sorted.get(sorted.size() / 2);
        }
    }

    /** The one-, five- and fifteen-minute load averages, as {@code uptime} shows them. */
    static final class LoadAverage {
        private LoadAverage() {
        }

        static String now() {
            try {
                String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return parts[0] + " " + parts[1] + " " + parts[2];
            } catch (IOException | RuntimeException unreadable) {
                var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                return String.format("%.2f", os.getSystemLoadAverage());
            }
        }
    }

    /**
     * The peer region's {@code GET /health}, answering healthy for the region its path names, so
     * the watch's tick probes a peer over HTTP as it does on AWS.
     */
    private static final class PeerHealth implements AutoCloseable {
        private final HttpServer server;

        private PeerHealth(HttpServer server) {
            this.server = server;
        }

        static PeerHealth start(int port) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                String[] path = exchange.getRequestURI().getPath().split("/");
                String region = path.length > 1 ? path[1] : "";
                byte[] body = ("{\"status\":\"ok\",\"region\":\"" + region + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new PeerHealth(server);
        }

        int port() {
            return server.getAddress().getPort();
        }

        String endpoint(String region) {
            return "http://127.0.0.1:" + port() + "/" + region;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
