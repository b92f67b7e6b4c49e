package dev.darkroom.echo;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ProviderOptions;
import dev.darkroom.spi.OptionReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Echo's options: {@code tint}, the colour of the image, as {@code #rrggbb} (default mid grey). */
public final class EchoOptions implements ProviderOptions {
  /** The option names, in canonical form. */
  public static final List<String> NAMES = List.of("tint");

  private static final Pattern HEX = Pattern.compile("#?[0-9a-fA-F]{6}");

  private final @Nullable String tint;

  private EchoOptions(@Nullable String tint) {
    this.tint = tint;
  }

  /** Options with this tint, {@code #rrggbb} (the {@code #} may be left out). */
  public static EchoOptions tint(String tint) {
    return new EchoOptions(normalise(Objects.requireNonNull(tint, "tint")));
  }

  static EchoOptions read(Map<String, ?> values) {
    OptionReader r = new OptionReader(EchoProvider.ID, values, NAMES);
    String tint = r.string("tint");
    if (tint != null && !HEX.matcher(tint.trim()).matches()) {
      throw r.bad("tint", tint, "a hex colour #rrggbb");
    }
    return new EchoOptions(tint == null ? null : normalise(tint));
  }

  /** The tint, when set, as {@code #rrggbb} in lower case. */
  public Optional<String> tint() {
    return Optional.ofNullable(tint);
  }

  /** The RGB value of the tint, mid grey when unset. */
  int rgb() {
    return tint == null ? 0x808080 : Integer.parseInt(tint.substring(1), 16);
  }

  /** The options of {@code request}, or the defaults. */
  static EchoOptions of(ImageRequest request) {
    return request.options(EchoOptions.class).orElse(new EchoOptions(null));
  }

  private static String normalise(String tint) {
    String t = tint.trim();
    if (!HEX.matcher(t).matches()) {
      throw new InvalidRequestException("echo.tint '" + tint + "' is invalid: expected a hex colour #rrggbb",
          "echo.tint", List.of("#rrggbb"));
    }
    return (t.startsWith("#") ? t : "#" + t).toLowerCase(Locale.ROOT);
  }

  @Override
  public String provider() {
    return EchoProvider.ID;
  }

  @Override
  public Map<String, Object> values() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (tint != null) {
      m.put("tint", tint);
    }
    return m;
  }

  @Override
  public EchoOptions validate(ImageRequest request, Consumer<String> warnings) {
    return this;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EchoOptions other && Objects.equals(tint, other.tint);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(tint);
  }

  @Override
  public String toString() {
    return "EchoOptions" + values();
  }
}
