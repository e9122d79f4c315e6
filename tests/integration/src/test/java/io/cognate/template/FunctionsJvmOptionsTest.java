package io.cognate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.bench.ChildJvm;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JIT options each function gets on Lambda (its own {@code JAVA_TOOL_OPTIONS}, else the
 * Globals') are those {@code ./cognate cold-start} launches it with: a cold start measured under
 * other options than the deployed ones would say nothing about the deployment.
 */
class FunctionsJvmOptionsTest {
    private static final Pattern CODE_URI = Pattern.compile("functions/([a-z-]+)/target/.*");

    @Test
    void coldStartsAreMeasuredWithTheOptionsTheTemplateDeploys() throws IOException {
        JsonNode template = SamTemplate.load();
        String globals = template.path("Globals").path("Function").path("Environment").path("Variables")
                .path("JAVA_TOOL_OPTIONS").asText();
        assertThat(globals).isNotBlank();
        Map<String, JsonNode> functions = SamTemplate.resources(template, "AWS::Serverless::Function");
        int checked = 0;
        for (var entry : functions.entrySet()) {
            JsonNode properties = entry.getValue().path("Properties");
            Matcher codeUri = CODE_URI.matcher(properties.path("CodeUri").asText());
            if (!codeUri.matches()) {
                continue; // inline code, not one of the three Java functions
            }
            JsonNode own = properties.path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS");
            String options = own.isMissingNode() ? globals : own.asText();
            assertThat(jitOptions(options)).as(entry.getKey())
                    .isEqualTo(jitOptions(String.join(" ", ChildJvm.lambdaJvmOptions(codeUri.group(1)))));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    /** identity-api runs its password checks compiled by C2; the light functions stop at C1. */
    @Test
    void identityApiAloneRunsFullTieredCompilation() throws IOException {
        JsonNode identityApi = SamTemplate.resources(SamTemplate.load(), "AWS::Serverless::Function")
                .get("IdentityApiFunction").path("Properties").path("Environment").path("Variables");
        assertThat(jitOptions(identityApi.path("JAVA_TOOL_OPTIONS").asText())).containsExactly("-XX:+TieredCompilation");
        assertThat(ChildJvm.lambdaJvmOptions("health-check")).contains("-XX:TieredStopAtLevel=1");
        assertThat(ChildJvm.lambdaJvmOptions("token-verifier")).contains("-XX:TieredStopAtLevel=1");
    }

    /** The options that choose the compilers (others, such as native access, are the function's own business). */
    private static List<String> jitOptions(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(option -> option.startsWith("-XX:")).toList();
    }
}
