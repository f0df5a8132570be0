package dev.livesecrets.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@link LeakGuard#suite()} over an integration test class: log capture from its start, a check after it
 * (everything collected so far, in this class or any earlier one), and one last check when the run ends, for what
 * classes without the extension (a {@code FileSecretsIT}) left behind. Registered by {@link VaultIntegrationTest}.
 */
public final class LeakGuardExtension implements BeforeAllCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
    ExtensionContext.Namespace.create(LeakGuardExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    LogCapture.install();
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("end-of-run", key -> new EndOfRun(), EndOfRun.class);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LeakGuard.suite().assertNoNewLeaks();
  }

  /** The last check, when the root context closes at the end of the run. */
  @SuppressWarnings("deprecation")
  private static final class EndOfRun implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      LeakGuard.suite().assertNoNewLeaks();
      System.out.println("Leak guard: no leak; " + LeakGuard.suite().summary());
    }
  }
}
