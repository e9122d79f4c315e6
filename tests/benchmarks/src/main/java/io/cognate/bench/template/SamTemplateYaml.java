package io.cognate.bench.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as JSON, with CloudFormation's short-form tags ({@code !Ref}, {@code !Sub}, …)
 * turned into their long forms ({@code {"Ref": …}}, {@code {"Fn::Sub": …}}), as CloudFormation
 * itself reads them. Here so that both the template tests and {@code ./cognate cost} (which reads
 * memory sizes, the schedule and the key count from the template) parse it one way.
 */
public final class SamTemplateYaml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SamTemplateYaml() {
    }

    public static JsonNode parse(String yaml) {
        Object document = new Yaml(new IntrinsicFunctions()).load(yaml);
        return JSON.valueToTree(document);
    }

    private static final class IntrinsicFunctions extends SafeConstructor {
        private static final Map<String, String> TAGS = Map.ofEntries(
                Map.entry("!Ref", "Ref"), Map.entry("!Condition", "Condition"),
                Map.entry("!Sub", "Fn::Sub"), Map.entry("!GetAtt", "Fn::GetAtt"), Map.entry("!If", "Fn::If"),
                Map.entry("!Equals", "Fn::Equals"), Map.entry("!Not", "Fn::Not"), Map.entry("!And", "Fn::And"),
                Map.entry("!Or", "Fn::Or"), Map.entry("!Join", "Fn::Join"), Map.entry("!Select", "Fn::Select"),
                Map.entry("!Split", "Fn::Split"), Map.entry("!FindInMap", "Fn::FindInMap"),
                Map.entry("!Base64", "Fn::Base64"), Map.entry("!Cidr", "Fn::Cidr"),
                Map.entry("!ImportValue", "Fn::ImportValue"), Map.entry("!GetAZs", "Fn::GetAZs"));

        IntrinsicFunctions() {
            super(new LoaderOptions());
            TAGS.forEach((tag, function) -> yamlConstructors.put(new Tag(tag), new Intrinsic(function)));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("unexpected YAML node " + node);
                };
                if (function.equals("Fn::GetAtt") && value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    value = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                return Map.of(function, value);
            }
        }
    }
}
