package io.cognate.domain.pool;

import io.cognate.domain.CognitoException;

/** Cognito's {@code AttributeDataType}: the type of a custom attribute's values. */
public enum AttributeDataType {
    STRING("String"), NUMBER("Number"), DATE_TIME("DateTime"), BOOLEAN("Boolean");

    private final String wireName;

    AttributeDataType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in the table, e.g. {@code DateTime}. */
    public String wireName() {
        return wireName;
    }

    public static AttributeDataType fromWire(String name) {
        for (AttributeDataType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw CognitoException.invalidParameter("AttributeDataType must be one of String, Number, DateTime, Boolean.");
    }
}
