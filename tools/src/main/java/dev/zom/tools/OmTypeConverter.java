package dev.zom.tools;

import dev.zom.ZomException;
import dev.zom.format.OmType;
import picocli.CommandLine;

/**
 * Reads {@code --type} values, so an unknown type is a usage error (exit code 2).
 */
final class OmTypeConverter implements CommandLine.ITypeConverter<OmType>
{
    @Override
    public OmType convert(final String value)
    {
        try
        {
            return OmType.parse(value);
        }
        catch (final ZomException ex)
        {
            throw new CommandLine.TypeConversionException(ex.getMessage());
        }
    }
}
