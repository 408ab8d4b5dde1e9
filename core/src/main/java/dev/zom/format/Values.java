package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns parsed JSON (see {@link JsonReader}) into typed values, inferring the type the way the reference library
 * does or checking the value against a declared type.
 */
public final class Values
{
    private Values()
    {
    }

    /**
     * The value for a parsed JSON item.
     *
     * @param json     null, Boolean, Long, BigInteger, Double, String, List or Map from {@link JsonReader}.
     * @param declared the type the value must have, or null to infer it (bool, int, float, string, tuple, null).
     * @return the typed value.
     * @throws ZomException with {@link ErrorCode#TYPE_MISMATCH} or {@link ErrorCode#INT_RANGE} when it does not fit.
     */
    public static Value fromJson(final Object json, final OmType declared)
    {
        if (json instanceof BigInteger big)
        {
            throw new ZomException(ErrorCode.INT_RANGE, "int beyond 64 bits, value=" + big);
        }
        final OmType type = declared != null ? declared : inferType(json);
        return switch (type)
        {
            case BOOL -> new Value.BoolValue(as(json, Boolean.class, type));
            case INT -> new Value.IntValue(as(json, Long.class, type));
            case FLOAT -> new Value.FloatValue(as(json, Number.class, type).doubleValue());
            case STRING -> new Value.StringValue(as(json, String.class, type), false);
            case TEXT -> new Value.StringValue(as(json, String.class, type), true);
            case DATE -> new Value.DateValue(as(json, String.class, type));
            case TUPLE -> new Value.TupleValue(tupleItems(json));
            case NULL -> nullValue(json);
            case DICT, LIST -> throw new ZomException(ErrorCode.TYPE_MISMATCH,
                "type=" + type.suffix() + " is a group: write its children by metapath, e.g. group/child");
        };
    }

    /**
     * The type the reference library gives a parsed JSON item.
     *
     * @param json a parsed item.
     * @return its type.
     */
    public static OmType inferType(final Object json)
    {
        if (json == null)
        {
            return OmType.NULL;
        }
        if (json instanceof Boolean)
        {
            return OmType.BOOL;
        }
        if (json instanceof Long)
        {
            return OmType.INT;
        }
        if (json instanceof Double)
        {
            return OmType.FLOAT;
        }
        if (json instanceof String)
        {
            return OmType.STRING;
        }
        if (json instanceof List)
        {
            return OmType.TUPLE;
        }
        if (json instanceof Map)
        {
            return OmType.DICT;
        }
        throw new ZomException(ErrorCode.TYPE_MISMATCH, "unsupported value kind=" + json.getClass().getSimpleName());
    }

    /**
     * The value as the declared type: the same value when the types agree, an int widened to a float, a string
     * kept as text or a date, or the reverse; anything else does not fit.
     *
     * @param value    the value.
     * @param declared the declared type, or null to keep the value's own.
     * @return the value with the declared type.
     * @throws ZomException with {@link ErrorCode#TYPE_MISMATCH} when it does not fit.
     */
    public static Value coerce(final Value value, final OmType declared)
    {
        if (declared == null || declared == value.type())
        {
            return value;
        }
        if (declared == OmType.FLOAT && value instanceof Value.IntValue i)
        {
            return new Value.FloatValue(i.value());
        }
        final String text = value instanceof Value.StringValue s ? s.value() :
            value instanceof Value.DateValue d ? d.stamp() : null;
        if (text != null && (declared == OmType.STRING || declared == OmType.TEXT || declared == OmType.DATE))
        {
            return declared == OmType.DATE ? new Value.DateValue(text) :
                new Value.StringValue(text, declared == OmType.TEXT);
        }
        throw new ZomException(ErrorCode.TYPE_MISMATCH,
            "value of type=" + value.type().suffix() + " does not fit type=" + declared.suffix());
    }

    private static List<Object> tupleItems(final Object json)
    {
        if (!(json instanceof List<?> list))
        {
            throw mismatch(json, OmType.TUPLE);
        }
        return new ArrayList<>(list);
    }

    private static Value nullValue(final Object json)
    {
        if (json != null)
        {
            throw mismatch(json, OmType.NULL);
        }
        return new Value.NullValue();
    }

    private static <T> T as(final Object json, final Class<T> kind, final OmType type)
    {
        if (!kind.isInstance(json))
        {
            throw mismatch(json, type);
        }
        return kind.cast(json);
    }

    private static ZomException mismatch(final Object json, final OmType type)
    {
        final String shown = json instanceof String text ? "\"" + text + "\"" : String.valueOf(json);
        return new ZomException(ErrorCode.TYPE_MISMATCH, "value=" + shown + " does not fit type=" + type.suffix());
    }
}
