package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.cognate.adapters.aws.StreamImages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stream record's image, written by hand in DynamoDB's JSON and read by the Lambda runtime's
 * own serializer (as Lambda hands it to a Java handler), becomes exactly the SDK v2 item it
 * describes: every DynamoDB type, nested ones included.
 */
class StreamImagesTest {
    private static final String EVENT = """
            {"Records": [{"eventID": "1", "eventName": "MODIFY", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
              "dynamodb": {"SequenceNumber": "1", "StreamViewType": "NEW_AND_OLD_IMAGES",
                "NewImage": {
                  "s": {"S": "text"}, "n": {"N": "42"}, "b": {"B": "AAEC/w=="}, "yes": {"BOOL": true},
                  "nothing": {"NULL": true}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]},
                  "bs": {"BS": ["AA==", "/w=="]},
                  "m": {"M": {"inner": {"S": "x"}, "list": {"L": [{"N": "1"}, {"S": "y"}, {"M": {}}]}}}
                }},
              "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000"}]}
            """;

    @Test
    void everyTypeArrivesAsTheSdkValueItDescribes() {
        DynamodbEvent event = LambdaEventSerializers.serializerFor(DynamodbEvent.class, getClass().getClassLoader())
                .fromJson(EVENT);

        Map<String, AttributeValue> image = StreamImages.toSdk(event.getRecords().get(0).getDynamodb().getNewImage());

        assertThat(image).containsExactlyInAnyOrderEntriesOf(Map.of(
                "s", AttributeValue.fromS("text"),
                "n", AttributeValue.fromN("42"),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff})),
                "yes", AttributeValue.fromBool(true),
                "nothing", AttributeValue.fromNul(true),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2.5")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {0}),
                        SdkBytes.fromByteArray(new byte[] {(byte) 0xff}))),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromS("x"),
                        "list", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("y"),
                                AttributeValue.fromM(Map.of())))))));
        assertThat(StreamImages.toSdk(event.getRecords().get(0).getDynamodb().getOldImage())).as("no old image").isNull();
    }

    @Test
    void aValueWithNoTypeIsRefused() {
        var empty = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        assertThatThrownBy(() -> StreamImages.toSdk(Map.of("broken", empty))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken");
    }
}
