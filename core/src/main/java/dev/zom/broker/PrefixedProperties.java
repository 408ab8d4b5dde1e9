package dev.zom.broker;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the properties under one prefix ({@code zom.broker.}) and remembers which names were read, so that one
 * nobody reads (a typo such as {@code zom.broker.rnig.size}) is refused at launch instead of silently ignored.
 * Values are parsed strictly: {@code yes} is not a boolean.
 */
final class PrefixedProperties
{
    private final Properties properties;
    private final String prefix;
    private final Set<String> read = new TreeSet<>();

    PrefixedProperties(final Properties properties, final String prefix)
    {
        this.properties = properties;
        this.prefix = prefix;
    }

    String get(final String name)
    {
        read.add(prefix + name);
        final String value = properties.getProperty(prefix + name);
        return value == null ? null : value.trim();
    }

    String get(final String name, final String fallback)
    {
        final String value = get(name);
        return value == null ? fallback : value;
    }

    int getInt(final String name, final int fallback)
    {
        final String value = get(name);
        try
        {
            return value == null ? fallback : Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("invalid " + prefix + name + "=" + value + " (an integer)", ex);
        }
    }

    boolean getBoolean(final String name, final boolean fallback)
    {
        final String value = get(name);
        if (value == null)
        {
            return fallback;
        }
        if (!"true".equals(value) && !"false".equals(value))
        {
            throw new IllegalArgumentException("invalid " + prefix + name + "=" + value + " (true or false)");
        }
        return Boolean.parseBoolean(value);
    }

    /** @return every name read so far, prefix included. */
    Set<String> namesRead()
    {
        return read;
    }

    /**
     * Refuses a property under the prefix that was not read.
     *
     * @throws IllegalArgumentException naming the first such property.
     */
    void refuseUnread()
    {
        for (final String name : new TreeSet<>(properties.stringPropertyNames()))
        {
            if (name.startsWith(prefix) && !read.contains(name))
            {
                throw new IllegalArgumentException("unknown setting " + name + " (a typo? docs/CONFIGURATION.md " +
                    "lists them)");
            }
        }
    }
}
