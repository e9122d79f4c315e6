package io.cognate.domain.pool;

import io.cognate.domain.CognitoException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One custom attribute of the pool's schema, Cognito's {@code SchemaAttributeType} for a
 * {@code custom:} name: its type, whether users may change it after sign-up, and its
 * constraints (lengths for a String, a range for a Number).
 */
public record CustomAttribute(String name, AttributeDataType type, boolean mutable, Optional<Integer> minLength,
                              Optional<Integer> maxLength, Optional<BigDecimal> minValue, Optional<BigDecimal> maxValue) {
    public static final String PREFIX = "custom:";
    /** Cognito's limit on a String attribute's value, and on its {@code MaxLength}. */
    public static final int MAX_STRING_LENGTH = 2048;
    private static final int MAX_BOUND_DIGITS = 30;

    public CustomAttribute {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
            throw CognitoException.invalidParameter("A custom attribute's name starts with custom: and has more after it.");
        }
        if ((minLength.isPresent() || maxLength.isPresent()) && type != AttributeDataType.STRING) {
            throw CognitoException.invalidParameter(name + ": StringAttributeConstraints apply only to String attributes.");
        }
        if ((minValue.isPresent() || maxValue.isPresent()) && type != AttributeDataType.NUMBER) {
            throw CognitoException.invalidParameter(name + ": NumberAttributeConstraints apply only to Number attributes.");
        }
        for (Optional<Integer> length : java.util.List.of(minLength, maxLength)) {
            if (length.isPresent() && (length.get() < 0 || length.get() > MAX_STRING_LENGTH)) {
                throw CognitoException.invalidParameter(name + ": String lengths must be between 0 and " + MAX_STRING_LENGTH + ".");
            }
        }
        if (minLength.isPresent() && maxLength.isPresent() && minLength.get() > maxLength.get()) {
            throw CognitoException.invalidParameter(name + ": MinLength must not be greater than MaxLength.");
        }
        for (Optional<BigDecimal> bound : java.util.List.of(minValue, maxValue)) {
            // A bound is written out in full in answers and messages: 1e999999999 would be a
            // gigabyte of digits. 30 digits either side of the point is more than any count needs.
            if (bound.isPresent() && (bound.get().precision() - bound.get().scale() > MAX_BOUND_DIGITS
                    || bound.get().scale() > MAX_BOUND_DIGITS)) {
                throw CognitoException.invalidParameter(name + ": a number bound has at most " + MAX_BOUND_DIGITS
                        + " digits before and after the point.");
            }
        }
        if (minValue.isPresent() && maxValue.isPresent() && minValue.get().compareTo(maxValue.get()) > 0) {
            throw CognitoException.invalidParameter(name + ": MinValue must not be greater than MaxValue.");
        }
    }

    /** The custom attribute {@code shortName} (no prefix, as AddCustomAttributes names it), plain. */
    public static CustomAttribute of(String shortName, AttributeDataType type, boolean mutable) {
        return new CustomAttribute(PREFIX + shortName, type, mutable, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Throws Cognito's {@code InvalidParameterException} if {@code value} breaks the type or the constraints. */
    public void check(String value) {
        switch (type) {
            case STRING -> {
                int length = value.codePointCount(0, value.length());
                if (length > maxLength.orElse(MAX_STRING_LENGTH)) {
                    throw schema("String must be no longer than " + maxLength.orElse(MAX_STRING_LENGTH) + " characters");
                }
                if (minLength.isPresent() && length < minLength.get()) {
                    throw schema("String must be no shorter than " + minLength.get() + " characters");
                }
            }
            case NUMBER -> {
                BigDecimal number;
                try {
                    number = new BigDecimal(value.trim());
                } catch (NumberFormatException notANumber) {
                    throw schema("Number is not valid");
                }
                if (minValue.isPresent() && number.compareTo(minValue.get()) < 0) {
                    throw schema("Number must be no less than " + minValue.get().toPlainString());
                }
                if (maxValue.isPresent() && number.compareTo(maxValue.get()) > 0) {
                    throw schema("Number must be no greater than " + maxValue.get().toPlainString());
                }
            }
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw schema("Boolean must be true or false");
                }
            }
            case DATE_TIME -> {
                if (!isDateTime(value)) {
                    throw schema("DateTime must be an ISO 8601 date or date and time");
                }
            }
        }
    }

    private static boolean isDateTime(String value) {
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException notDateTime) {
            try {
                LocalDate.parse(value);
                return true;
            } catch (DateTimeParseException notDate) {
                return false;
            }
        }
    }

    private CognitoException schema(String problem) {
        return CognitoException.invalidParameter("Attributes did not conform to the schema: " + name + ": " + problem);
    }
}
