package dev.darkroom.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.darkroom.AuthenticationException;
import dev.darkroom.ContentBlockedException;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.ErrorKind;
import dev.darkroom.Generation;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.NoImageException;
import dev.darkroom.Provenance;
import dev.darkroom.RequestTimeoutException;
import dev.darkroom.SaveOptions;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.ProviderBatch;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every provider promises, run against its fake. A provider's test extends this class and
 * supplies {@link #providerId()} and {@link #startFake()}; provider-specific behaviour (wire format,
 * vendor error details) stays in the provider's own tests.
 *
 * <p>Clients are built with a recording {@link dev.darkroom.Sleeper} and a fixed random of 0.5, so
 * retry delays are checked exactly: a delay the provider asks for plus 5% (half the 10% jitter), and
 * half of the 2 s first backoff when it asks for none. Nothing here waits on a clock except the
 * cancellation tests, which wait (bounded) for a call to be in flight.
 */
public abstract class ProviderContract {
  /** Longest a test waits for something that should happen at once; a hang guard, never an assertion on time. */
  private static final long GUARD_SECONDS = 20;

  protected final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  protected ContractFake fake;
  private final List<Darkroom> clients = new ArrayList<>();

  /** The id of the provider under test, e.g. {@code gemini}. */
  protected abstract String providerId();

  /** Starts a fresh fake for one test; it is closed after the test. */
  protected abstract ContractFake startFake();

  @BeforeEach
  final void startContractFake() {
    fake = startFake();
  }

  @AfterEach
  final void stopContractFake() {
    clients.forEach(Darkroom::close);
    if (fake != null) {
      fake.close();
    }
  }

  /** A client pointed at the fake, with injected sleeper and random, and further configuration. */
  protected Darkroom client(Consumer<Darkroom.Builder> configure) {
    Darkroom.Builder b = Darkroom.builder().env(Map.of()).sleeper(sleeps::add).random(() -> 0.5);
    fake.settings().forEach(b::setting);
    configure.accept(b);
    Darkroom client = b.build();
    clients.add(client);
    return client;
  }

  protected Darkroom client() {
    return client(b -> {});
  }

  protected ImageRequest request(String prompt) {
    return ImageRequest.builder().model(fake.model()).prompt(prompt).build();
  }

  @Test
  void successSavesAnImageWithProvenanceAndCost(@TempDir Path dir) throws Exception {
    ImageResult result = client().generate(request("a lighthouse at dusk"), SaveOptions.toDirectory(dir));

    assertThat(result.images()).hasSize(1);
    assertThat(result.failures()).isEmpty();
    Path file = result.image().path().orElseThrow();
    assertThat(file).exists().hasParent(dir);
    assertThat(Files.size(file)).isPositive();
    Generation g = result.generations().get(0);
    assertThat(g.attempts()).isEqualTo(1);
    assertThat(g.model()).isEqualTo(fake.model());
    assertThat(g.costUsd()).isPositive().isEqualByComparingTo(result.request().model().pricing().cost(g.usage()));
    assertThat(result.costUsd()).isEqualByComparingTo(g.costUsd());

    Provenance p = Provenance.read(file).orElseThrow();
    assertThat(p.prompt()).isEqualTo("a lighthouse at dusk");
    assertThat(p.model()).isEqualTo(fake.model());
    assertThat(p.get("provider")).hasValue(providerId());
    assertThat(p.json()).contains("\"costUsd\"").doesNotContain(fake.apiKey());
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void costEstimateOfAPaidModelIsPositiveAndSendsNothing() {
    ImageRequest request = request("a fox");
    assertThat(Darkroom.estimateCost(request)).isGreaterThan(BigDecimal.ZERO);
    assertThat(client().dryRun(request).estimatedCostUsd()).isGreaterThan(BigDecimal.ZERO);
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void rateLimitIsRetriedAfterExactlyTheDelayAskedFor() {
    fake.enqueueRateLimit(Duration.ofSeconds(2));
    fake.enqueueRateLimit(Duration.ofMillis(1500));
    ImageResult result = client().generate(request("cat"));
    assertThat(result.images()).hasSize(1);
    assertThat(result.generations().get(0).attempts()).isEqualTo(3);
    assertThat(fake.requestCount()).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofMillis(2100), Duration.ofMillis(1575));
  }

  @Test
  void serverErrorIsRetriedWithBackoff() {
    fake.enqueueServerError();
    ImageResult result = client().generate(request("cat"));
    assertThat(result.images()).hasSize(1);
    assertThat(result.generations().get(0).attempts()).isEqualTo(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void serverErrorsStopAfterMaxAttempts() {
    for (int i = 0; i < 6; i++) {
      fake.enqueueServerError();
    }
    assertThatThrownBy(() -> client().generate(request("cat")))
        .isInstanceOfSatisfying(DarkroomException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.SERVER);
          assertThat(e.attempts()).isEqualTo(4);
          assertThat(e.httpStatus()).isBetween(500, 599);
        });
    assertThat(fake.requestCount()).isEqualTo(4);
  }

  @Test
  void refusedKeyIsAnAuthenticationErrorThatIsNotRetriedAndNeverShowsTheKey() {
    fake.rejectKey();
    Throwable thrown = catchDarkroom(() -> client().generate(request("cat")));
    assertThat(thrown).isInstanceOf(AuthenticationException.class);
    assertThat(((DarkroomException) thrown).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(((DarkroomException) thrown).isRetryable()).isFalse();
    assertNoSecret(thrown);
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void blockedAnswerIsContentBlockedAndNotRetried() {
    fake.enqueueBlocked();
    Throwable thrown = catchDarkroom(() -> client().generate(request("cat")));
    assertThat(thrown).isInstanceOfSatisfying(ContentBlockedException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_BLOCKED);
      assertThat(e.reason()).isNotBlank();
      assertThat(e.isRetryable()).isFalse();
    });
    assertNoSecret(thrown);
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void answerWithoutAnImageIsNoImage() {
    fake.enqueueNoImage();
    Throwable thrown = catchDarkroom(() -> client().generate(request("cat")));
    assertThat(thrown).isInstanceOfSatisfying(NoImageException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.NO_IMAGE);
      assertThat(e.finishReason()).isNotBlank();
    });
    assertNoSecret(thrown);
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void slowAnswerTimesOutWithoutRetry() {
    fake.enqueueSlow(Duration.ofSeconds(10));
    Darkroom client = client(b -> b.timeout(Duration.ofMillis(300)));
    Throwable thrown = catchDarkroom(() -> client.generate(request("cat")));
    assertThat(thrown).isInstanceOfSatisfying(RequestTimeoutException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertNoSecret(thrown);
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void interruptingTheCallingThreadEndsTheCall() throws Exception {
    fake.enqueueSlow(Duration.ofSeconds(60));
    Darkroom client = client();
    CompletableFuture<@Nullable Throwable> outcome = new CompletableFuture<>();
    Thread caller = new Thread(() -> outcome.complete(catchAny(() -> client.generate(request("cat")))), "contract-caller");
    caller.start();
    awaitRequests(1);
    caller.interrupt();
    Throwable thrown = outcome.get(GUARD_SECONDS, TimeUnit.SECONDS);
    assertThat(thrown).isInstanceOf(DarkroomException.class);
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void closingTheClientEndsCallsInFlight() throws Exception {
    fake.enqueueSlow(Duration.ofSeconds(60));
    fake.enqueueSlow(Duration.ofSeconds(60));
    Darkroom client = client();
    ImageRequest two = ImageRequest.builder().model(fake.model()).prompt("cat").count(2).build();
    CompletableFuture<@Nullable Throwable> outcome = CompletableFuture.supplyAsync(() -> catchAny(() -> client.generate(two)));
    awaitRequests(1);
    client.close();
    Throwable thrown = outcome.get(GUARD_SECONDS, TimeUnit.SECONDS);
    assertThat(thrown).isInstanceOf(DarkroomException.class);
  }

  @Test
  void optionTheModelDoesNotSupportIsRefusedBeforeAnythingIsSent() {
    ContractFake.RefusedOption refused = fake.refusedOption();
    Darkroom client = client();
    assertThatThrownBy(() -> client.generate(client.request().model(refused.model()).prompt("cat")
        .options(refused.options()).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).hasValue(refused.field());
          assertThat(e.getMessage()).contains(refused.model());
        });
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void batchSubmitAwaitAndResultsWhereOffered() {
    Darkroom client = client();
    Optional<BatchBackend> offered = client.openBatch(providerId(),
        new BatchBackend.Settings(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    assumeThat(offered).as("provider offers a batch API").isPresent();
    try (BatchBackend batch = offered.get()) {
      assertThat(batch.provider()).isEqualTo(providerId());
      ImageRequest a = request("a red balloon");
      ImageRequest b = request("a blue kite");
      batch.check(a);
      assertThat(batch.group(a)).isEqualTo(batch.group(b));
      ProviderBatch submitted = batch.submit("contract", List.of(new BatchBackend.Entry("k1", a),
          new BatchBackend.Entry("k2", b)));
      assertThat(submitted.provider()).isEqualTo(providerId());
      assertThat(submitted.phase().terminal()).isFalse();
      List<ProviderBatch> polls = new ArrayList<>();
      ProviderBatch done = batch.await(submitted.id(), polls::add);
      assertThat(done.phase()).isEqualTo(ProviderBatch.Phase.SUCCEEDED);
      assertThat(done.name()).isEqualTo(submitted.name());
      assertThat(batch.hasResults(done)).isTrue();
      List<BatchBackend.Result> results = new ArrayList<>();
      batch.results(done, results::add);
      assertThat(results).extracting(BatchBackend.Result::key).containsExactlyInAnyOrder("k1", "k2");
      assertThat(results).allSatisfy(r -> {
        assertThat(r.error()).isNull();
        assertThat(r.response()).isNotNull();
        assertThat(r.response().images()).isNotEmpty();
      });
    }
  }

  /** Waits (bounded) until the fake has seen {@code n} requests. */
  protected void awaitRequests(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
    while (fake.requestCount() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the fake saw " + fake.requestCount() + " requests, expected " + n);
      }
      Thread.sleep(10);
    }
  }

  /** Fails unless the API key is absent from the exception, its causes and suppressed ones, and their bodies. */
  protected void assertNoSecret(Throwable thrown) {
    StringBuilder all = new StringBuilder();
    collect(thrown, all, 0);
    assertThat(all.toString()).doesNotContain(fake.apiKey());
  }

  private static void collect(@Nullable Throwable t, StringBuilder out, int depth) {
    if (t == null || depth > 10) {
      return;
    }
    out.append(t).append('\n');
    if (t instanceof DarkroomException d) {
      d.responseBody().ifPresent(out::append);
    }
    for (Throwable s : t.getSuppressed()) {
      collect(s, out, depth + 1);
    }
    collect(t.getCause(), out, depth + 1);
  }

  private static Throwable catchDarkroom(Runnable r) {
    Throwable t = catchAny(r);
    assertThat(t).as("expected a DarkroomException").isInstanceOf(DarkroomException.class);
    return t;
  }

  private static @Nullable Throwable catchAny(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
