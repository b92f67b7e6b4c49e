package dev.darkroom.spi;

import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.Sleeper;
import dev.darkroom.internal.http.HttpSupport;
import dev.darkroom.spi.Redactor;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * What a provider gets from the client that opens it: its settings, the environment, and the shared
 * HTTP client, timer and secret redactor.
 *
 * <p>Settings are named {@code <provider>.<name>} on the client ({@code Darkroom.Builder.setting});
 * a provider reads its own with {@link #setting(String)} and falls back to environment variables
 * with {@link #env(String)}. Every secret a provider reads goes through {@link #secret}, so it is
 * masked in every message from then on.
 */
public final class ProviderContext {
  private final String providerId;
  private final Map<String, String> settings;
  private final Map<String, String> env;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Redactor redactor;
  private final String userAgent;
  private final ModelCatalog catalog;
  private final Duration timeout;
  private final Sleeper sleeper;
  private final int maxInputSide;
  private final boolean describeOnly;

  private ProviderContext(Builder b) {
    this.providerId = b.providerId;
    this.settings = Map.copyOf(b.settings);
    this.env = Map.copyOf(b.env);
    this.http = Objects.requireNonNull(b.http, "http");
    this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
    this.redactor = b.redactor;
    this.userAgent = b.userAgent;
    this.catalog = b.catalog;
    this.timeout = b.timeout;
    this.sleeper = b.sleeper;
    this.maxInputSide = b.maxInputSide;
    this.describeOnly = b.describeOnly;
  }

  /** A context for {@code providerId}; the HTTP client and timer must be set. */
  public static Builder builder(String providerId) {
    return new Builder(providerId);
  }

  /** The provider this context is for. */
  public String providerId() {
    return providerId;
  }

  /** The client setting {@code <provider>.<name>}, when set and not blank. */
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(providerId + "." + name)).filter(s -> !s.isBlank()).map(String::trim);
  }

  /** An environment variable, when set and not blank. */
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank()).map(String::trim);
  }

  /**
   * A secret: the setting {@code name}, else the first of {@code envVars} that is set. The value is
   * registered with the redactor before it is returned.
   */
  public Optional<String> secret(String name, String... envVars) {
    Optional<String> value = setting(name);
    for (int i = 0; value.isEmpty() && i < envVars.length; i++) {
      value = env(envVars[i]);
    }
    value.ifPresent(redactor::add);
    return value;
  }

  /**
   * Like {@link #secret}, but refuses when nothing is set (except for dry runs, which get a
   * placeholder: nothing is sent).
   *
   * @param hint where to get one, e.g. a console URL
   * @throws InvalidRequestException naming the setting and the variables
   */
  public String requireSecret(String name, String hint, String... envVars) {
    Optional<String> value = secret(name, envVars);
    if (value.isPresent()) {
      return value.get();
    }
    if (describeOnly) {
      return "unused";
    }
    String vars = envVars.length == 0 ? "" : String.join(" or ", envVars) + ", or ";
    String what = name.equals("apiKey") ? "API key" : name;
    throw new InvalidRequestException("no " + what + " for provider " + providerId + ": set " + vars
        + "the client setting " + providerId + "." + name + (hint.isEmpty() ? "" : "; " + hint),
        providerId + "." + name, java.util.List.of());
  }

  /**
   * A URL setting: {@code name}, else the first of {@code envVars}, else {@code defaultUrl}; checked to
   * be http(s), with a trailing slash removed.
   */
  public String url(String name, String defaultUrl, String... envVars) {
    Optional<String> value = setting(name);
    for (int i = 0; value.isEmpty() && i < envVars.length; i++) {
      value = env(envVars[i]);
    }
    String u = value.orElse(defaultUrl);
    if (!u.startsWith("http://") && !u.startsWith("https://")) {
      throw new InvalidRequestException("invalid " + providerId + "." + name + " '" + u
          + "': it must start with http:// or https://", providerId + "." + name, java.util.List.of());
    }
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** The shared HTTP client (HTTP/2 over TLS, HTTP/1.1 in plain text). */
  public HttpClient http() {
    return http;
  }

  /** The shared timer, for deadlines and polling. */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** {@code text} with every registered secret masked. */
  public String redact(String text) {
    String r = redactor.redact(text);
    return r == null ? "" : r;
  }

  /** The redactor itself, for code that redacts many values. */
  public Redactor redactor() {
    return redactor;
  }

  /** The {@code User-Agent} to send. */
  public String userAgent() {
    return userAgent;
  }

  /** The model table the client validates against. */
  public ModelCatalog catalog() {
    return catalog;
  }

  /** The whole-request deadline per attempt. */
  public Duration timeout() {
    return timeout;
  }

  /** How to wait (injected in tests). */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** Longest side reference images are downscaled to, 0 for unchanged. */
  public int maxInputSide() {
    return maxInputSide;
  }

  /** Whether the client is only describing requests (dry run): secrets may be missing. */
  public boolean describeOnly() {
    return describeOnly;
  }

  /** A copy for describing requests only. */
  public ProviderContext forDescription() {
    Builder b = toBuilder();
    b.describeOnly = true;
    return b.build();
  }

  private Builder toBuilder() {
    Builder b = new Builder(providerId);
    b.settings.putAll(settings);
    b.env.putAll(env);
    b.http = http;
    b.scheduler = scheduler;
    b.redactor = redactor;
    b.userAgent = userAgent;
    b.catalog = catalog;
    b.timeout = timeout;
    b.sleeper = sleeper;
    b.maxInputSide = maxInputSide;
    b.describeOnly = describeOnly;
    return b;
  }

  /** Builds a {@link ProviderContext}; for clients and for provider tests. */
  public static final class Builder {
    private final String providerId;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private @Nullable HttpClient http;
    private @Nullable ScheduledExecutorService scheduler;
    private Redactor redactor = Redactor.none();
    private String userAgent = "darkroom";
    private ModelCatalog catalog = ModelCatalog.builtIn();
    private Duration timeout = Duration.ofSeconds(300);
    private Sleeper sleeper = Sleeper.SYSTEM;
    private int maxInputSide = 2048;
    private boolean describeOnly;

    private Builder(String providerId) {
      this.providerId = Objects.requireNonNull(providerId, "providerId");
    }

    /** All client settings ({@code <provider>.<name>} keys); others' keys are kept but not visible. */
    public Builder settings(Map<String, String> settings) {
      this.settings.putAll(settings);
      return this;
    }

    /** Sets {@code <provider>.<name>}. */
    public Builder setting(String name, String value) {
      this.settings.put(providerId + "." + name, value);
      return this;
    }

    public Builder env(Map<String, String> env) {
      env.forEach((k, v) -> {
        if (k != null && v != null) {
          this.env.put(k, v);
        }
      });
      return this;
    }

    public Builder http(HttpClient http) {
      this.http = http;
      return this;
    }

    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public Builder redactor(Redactor redactor) {
      this.redactor = redactor;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public Builder catalog(ModelCatalog catalog) {
      this.catalog = catalog;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public Builder maxInputSide(int maxInputSide) {
      this.maxInputSide = maxInputSide;
      return this;
    }

    public Builder describeOnly(boolean describeOnly) {
      this.describeOnly = describeOnly;
      return this;
    }

    /** Builds; a missing HTTP client or timer gets a default one (daemon threads). */
    public ProviderContext build() {
      if (http == null) {
        http = HttpSupport.httpClient(Duration.ofSeconds(10), HttpSupport.httpExecutor("darkroom-http"));
      }
      if (scheduler == null) {
        scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            HttpSupport.daemonThreads("darkroom-timer"));
      }
      return new ProviderContext(this);
    }
  }
}
