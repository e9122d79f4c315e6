package io.cognate.adapters.aws;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TraitType;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * DynamoDB's JSON protocol (awsJson1_0) for the SDK's own model objects, read and written through
 * the fields each object describes of itself ({@link SdkPojo#sdkFields()}: wire name, type, member
 * type), so every request, response and modelled error shape is covered by one walk, as the SDK's
 * JSON marshaller walks them. A list or map never set is left out, as the SDK leaves it out; bytes
 * are base64; timestamps are epoch seconds. {@code DynamoDbJsonClientTest} holds the bodies equal to the
 * SDK client's for the shapes Cognate sends.
 */
final class DynamoDbJson {
    private DynamoDbJson() {
    }

    /** {@code shape} as the JSON body the SDK's DynamoDB client sends for it. */
    static byte[] write(SdkPojo shape) {
        var out = new StringBuilder(256);
        writeShape(out, shape);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sets on {@code builder} each of its fields that {@code json} holds, and builds it; a field
     * {@code json} does not know stays unset, a name the shape does not know is ignored.
     */
    static Object read(Map<String, Object> json, SdkPojo builder) {
        fill(json, builder);
        return ((Buildable) builder).build();
    }

    /** Sets on {@code builder} each of its fields that {@code json} holds, without building it. */
    static void fill(Map<String, Object> json, SdkPojo builder) {
        for (SdkField<?> field : builder.sdkFields()) {
            Object raw = json.get(field.unmarshallLocationName());
            if (raw != null) {
                field.set(builder, value(field, raw));
            }
        }
    }

    private static void writeShape(StringBuilder out, SdkPojo shape) {
        out.append('{');
        boolean first = true;
        for (SdkField<?> field : shape.sdkFields()) {
            Object value = field.getValueOrDefault(shape);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.locationName());
            out.append(':');
            writeValue(out, field, value);
        }
        out.append('}');
    }

    private static void writeValue(StringBuilder out, SdkField<?> field, Object value) {
        if (value == null) {
            out.append("null");
            return;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            string(out, (String) value);
        } else if (type == MarshallingType.SDK_POJO) {
            writeShape(out, (SdkPojo) value);
        } else if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class, TraitType.LIST_TRAIT).memberFieldInfo();
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeValue(out, member, item);
            }
            out.append(']');
        } else if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getTrait(MapTrait.class, TraitType.MAP_TRAIT).valueFieldInfo();
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, (String) entry.getKey());
                out.append(':');
                writeValue(out, member, entry.getValue());
            }
            out.append('}');
        } else if (type == MarshallingType.SDK_BYTES) {
            string(out, Base64.getEncoder().encodeToString(((SdkBytes) value).asByteArrayUnsafe()));
        } else if (type == MarshallingType.BOOLEAN || type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
            out.append(value);
        } else if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
            out.append(new BigDecimal(value.toString()).toPlainString());
        } else if (type == MarshallingType.BIG_DECIMAL) {
            out.append(((BigDecimal) value).toPlainString());
        } else if (type == MarshallingType.INSTANT) {
            Instant instant = (Instant) value;
            out.append(BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9))
                    .stripTrailingZeros().toPlainString());
        } else {
            throw new IllegalArgumentException("no JSON form for " + field.memberName() + " (" + type + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static Object value(SdkField<?> field, Object raw) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            return raw.toString();
        } else if (type == MarshallingType.SDK_POJO) {
            return read((Map<String, Object>) raw, field.constructor().get());
        } else if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class, TraitType.LIST_TRAIT).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            for (Object item : (List<Object>) raw) {
                list.add(item == null ? null : value(member, item));
            }
            return list;
        } else if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getTrait(MapTrait.class, TraitType.MAP_TRAIT).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            ((Map<String, Object>) raw).forEach((key, item) -> map.put(key, item == null ? null : value(member, item)));
            return map;
        } else if (type == MarshallingType.SDK_BYTES) {
            return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(raw.toString()));
        } else if (type == MarshallingType.BOOLEAN) {
            return raw instanceof Boolean b ? b : Boolean.parseBoolean(raw.toString());
        } else if (type == MarshallingType.INTEGER) {
            return number(raw).intValueExact();
        } else if (type == MarshallingType.LONG) {
            return number(raw).longValueExact();
        } else if (type == MarshallingType.DOUBLE) {
            return number(raw).doubleValue();
        } else if (type == MarshallingType.FLOAT) {
            return number(raw).floatValue();
        } else if (type == MarshallingType.BIG_DECIMAL) {
            return number(raw);
        } else if (type == MarshallingType.INSTANT) {
            BigDecimal seconds = number(raw);
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        throw new IllegalArgumentException("no JSON form for " + field.memberName() + " (" + type + ")");
    }

    private static BigDecimal number(Object raw) {
        return raw instanceof BigDecimal decimal ? decimal : new BigDecimal(raw.toString());
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        SigV4JsonRequests.appendEscaped(out, text);
        out.append('"');
    }
}
