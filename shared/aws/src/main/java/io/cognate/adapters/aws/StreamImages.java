package io.cognate.adapters.aws;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * A DynamoDB stream record's images as the Lambda runtime hands them over ({@code
 * aws-lambda-java-events}' attribute values) turned into SDK v2 attribute values, the type every
 * adapter here reads. Every DynamoDB type is carried over; a value that sets none is refused
 * rather than guessed at.
 */
public final class StreamImages {
    private StreamImages() {
    }

    /** The image as SDK values; null or empty (an INSERT's old image, a REMOVE's new one) gives null. */
    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(
            Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        var converted = new LinkedHashMap<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>();
        image.forEach((name, value) -> converted.put(name, toSdk(name, value)));
        return converted;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(String name, AttributeValue value) {
        if (value == null) {
            throw new IllegalArgumentException("attribute " + name + " has no value");
        }
        if (value.getS() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(value.getN());
        }
        if (value.getB() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(SdkBytes.fromByteBuffer(value.getB().duplicate()));
        }
        if (value.getBOOL() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(value.getBOOL());
        }
        if (Boolean.TRUE.equals(value.getNULL())) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true);
        }
        if (value.getM() != null) {
            var m = new LinkedHashMap<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>();
            value.getM().forEach((key, inner) -> m.put(key, toSdk(name + "." + key, inner)));
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(m);
        }
        if (value.getL() != null) {
            List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> l =
                    value.getL().stream().map(inner -> toSdk(name + "[]", inner)).toList();
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(l);
        }
        if (value.getSS() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(value.getSS());
        }
        if (value.getNS() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(value.getNS());
        }
        if (value.getBS() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBs(
                    value.getBS().stream().map(bytes -> SdkBytes.fromByteBuffer(bytes.duplicate())).toList());
        }
        throw new IllegalArgumentException("attribute " + name + " has no DynamoDB type");
    }
}
