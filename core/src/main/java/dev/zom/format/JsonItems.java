package dev.zom.format;

import dev.zom.ErrorCode;
import dev.zom.ZomException;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Checks that the items of a tuple are kinds the encoder writes: null, booleans, integers within 64 bits, doubles,
 * strings, lists and maps with string keys.
 */
final class JsonItems
{
    private JsonItems()
    {
    }

    static void check(final List<?> items)
    {
        if (items == null)
        {
            throw new ZomException(ErrorCode.TYPE_MISMATCH, "a tuple cannot be null");
        }
        for (final Object item : items)
        {
            checkItem(item);
        }
    }

    private static void checkItem(final Object item)
    {
        if (item instanceof BigInteger big)
        {
            throw new ZomException(ErrorCode.INT_RANGE, "int beyond 64 bits in tuple, value=" + big);
        }
        if (item instanceof List<?> list)
        {
            check(list);
        }
        else if (item instanceof Map<?, ?> map)
        {
            for (final Map.Entry<?, ?> e : map.entrySet())
            {
                if (!(e.getKey() instanceof String))
                {
                    throw new ZomException(ErrorCode.TYPE_MISMATCH,
                        "tuple map keys must be strings, key=" + e.getKey());
                }
                checkItem(e.getValue());
            }
        }
        else if (item != null && !(item instanceof Boolean || item instanceof Number || item instanceof String))
        {
            throw new ZomException(ErrorCode.TYPE_MISMATCH,
                "unsupported tuple item type=" + item.getClass().getSimpleName());
        }
    }
}
