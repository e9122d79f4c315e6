package io.cognate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The module boundaries of docs/architecture.md as rules over packages. Core (domain, ports,
 * config) depends on the JDK, Nimbus JOSE and SLF4J only; adapters never reach into a function
 * or the local runtime; no function reaches into another.
 */
final class ModuleRules {
    static final String[] CORE = {"io.cognate.domain..", "io.cognate.ports..", "io.cognate.config.."};
    static final String[] ADAPTERS = {"io.cognate.adapters..", "io.cognate.http.."};
    static final List<String> FUNCTIONS = List.of("io.cognate.identity..", "io.cognate.verifier..", "io.cognate.health..");

    static final ArchRule CORE_HAS_NO_IO_LIBRARY = classes().that().resideInAnyPackage(CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.cognate.domain..", "io.cognate.ports..", "io.cognate.config..",
                    "java..", "javax.crypto..", "com.nimbusds..", "org.slf4j..")
            .because("core is the domain, its ports and its configuration: the AWS SDK, password4j, Powertools "
                    + "and every adapter belong in cognate-aws (docs/architecture.md)");

    static final ArchRule ADAPTERS_SERVE_EVERY_FUNCTION = noClasses().that().resideInAnyPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.cognate.identity..", "io.cognate.verifier..", "io.cognate.health..", "io.cognate.local..",
                    "io.cognate.bench..")
            .because("the adapters are shared by all functions: a function's wiring lives in that function");

    static final ArchRule NOTHING_DEPLOYED_USES_THE_LOCAL_RUNTIME = noClasses().that()
            .resideInAnyPackage(concat(CORE, ADAPTERS, FUNCTIONS.toArray(String[]::new)))
            .should().dependOnClassesThat().resideInAnyPackage("io.cognate.local..", "io.cognate.bench..", "io.cognate.testing..")
            .because("the local runtime, the benchmarks and the test fixtures never ship in a Lambda jar");

    /**
     * The SnapStart rules (SpotBugs, at {@code verify}) report only on classes that implement a
     * Lambda handler interface, so the build runs them only in the function modules; a handler
     * anywhere else in deployed code would go unchecked.
     */
    static final ArchRule LAMBDA_HANDLERS_LIVE_IN_FUNCTIONS = classes().that()
            .implement(com.amazonaws.services.lambda.runtime.RequestHandler.class)
            .or().implement(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class)
            .and().resideOutsideOfPackages("io.cognate.local..", "io.cognate.bench..")
            .should().resideInAnyPackage(FUNCTIONS.toArray(String[]::new))
            .because("the SnapStart checks run on the function modules only (pom.xml, snapstart.check.skip)");

    /** No function imports another function's package. */
    static List<ArchRule> functionsStayApart() {
        return FUNCTIONS.stream().map(function -> (ArchRule) noClasses().that().resideInAPackage(function)
                        .should().dependOnClassesThat().resideInAnyPackage(
                                FUNCTIONS.stream().filter(other -> !other.equals(function)).toArray(String[]::new))
                        .because("each function owns its wiring and is deployed alone"))
                .toList();
    }

    private static String[] concat(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private ModuleRules() {
    }
}
