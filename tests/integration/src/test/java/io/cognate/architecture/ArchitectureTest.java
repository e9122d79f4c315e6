package io.cognate.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.cognate.domain.wrongimport.CoreClassUsingTheSdk;
import io.cognate.health.wrongimport.HealthClassUsingIdentityApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the module boundaries on the production classes of every module (their jars or class
 * folders on this module's classpath), and shows that each rule fails on a deliberately wrong
 * import (the two classes in this module's wrongimport packages, which are tests, not production).
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/io/cognate/testing/"))
                .importPackages("io.cognate");
    }

    @Test
    void everyModuleIsImported() {
        assertThat(production.containPackage("io.cognate.domain")).isTrue();
        assertThat(production.containPackage("io.cognate.adapters.aws")).isTrue();
        assertThat(production.containPackage("io.cognate.identity")).isTrue();
        assertThat(production.containPackage("io.cognate.verifier")).isTrue();
        assertThat(production.containPackage("io.cognate.health")).isTrue();
        assertThat(production.containPackage("io.cognate.local")).isTrue();
        assertThat(production.containPackage("io.cognate.domain.wrongimport")).isFalse();
    }

    @Test
    void coreHasNoIoLibrary() {
        ModuleRules.CORE_HAS_NO_IO_LIBRARY.check(production);
    }

    @Test
    void adaptersServeEveryFunction() {
        ModuleRules.ADAPTERS_SERVE_EVERY_FUNCTION.check(production);
    }

    @Test
    void nothingDeployedUsesTheLocalRuntime() {
        ModuleRules.NOTHING_DEPLOYED_USES_THE_LOCAL_RUNTIME.check(production);
    }

    @Test
    void lambdaHandlersLiveInFunctions() {
        ModuleRules.LAMBDA_HANDLERS_LIVE_IN_FUNCTIONS.check(production);
    }

    @Test
    void functionsStayApart() {
        ModuleRules.functionsStayApart().forEach(rule -> rule.check(production));
    }

    @Test
    void aCoreClassImportingTheSdkBreaksTheCoreRule() {
        JavaClasses wrong = new ClassFileImporter().importClasses(CoreClassUsingTheSdk.class);
        assertThatThrownBy(() -> ModuleRules.CORE_HAS_NO_IO_LIBRARY.check(wrong))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("CoreClassUsingTheSdk")
                .hasMessageContaining("software.amazon.awssdk.services.dynamodb.DynamoDbClient")
                .hasMessageContaining("com.password4j.Password");
    }

    @Test
    void aFunctionImportingAnotherFunctionBreaksItsRule() {
        JavaClasses wrong = new ClassFileImporter().importClasses(HealthClassUsingIdentityApi.class);
        ArchRule healthRule = ModuleRules.functionsStayApart().get(2);
        assertThatThrownBy(() -> healthRule.check(wrong))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.cognate.identity.IdentityApiHandler");
    }
}
