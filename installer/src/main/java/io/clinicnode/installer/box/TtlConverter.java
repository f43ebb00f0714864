package io.clinicnode.installer.box;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads lifetimes as technicians write them: {@code 90m}, {@code 24h}, {@code 7d} (also {@code s}). Stateless. */
public final class TtlConverter implements ITypeConverter<Duration> {
    private static final Pattern TTL = Pattern.compile("([0-9]{1,6})([smhd])");

    @Override
    public Duration convert(String value) {
        Matcher matcher = TTL.matcher(value.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new TypeConversionException("'" + value + "' is not a lifetime such as 30m, 24h or 7d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** {@code 24h}, {@code 7d}, {@code 90m} for a lifetime made by {@link #convert}. */
    public static String format(Duration ttl) {
        if (ttl.toSeconds() % 86_400 == 0 && ttl.toDays() > 2) {
            return ttl.toDays() + "d";
        }
        if (ttl.toSeconds() % 3_600 == 0) {
            return ttl.toHours() + "h";
        }
        return ttl.toSeconds() % 60 == 0 ? ttl.toMinutes() + "m" : ttl.toSeconds() + "s";
    }
}
