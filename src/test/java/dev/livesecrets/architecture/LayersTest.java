package dev.livesecrets.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The production classes keep to {@link Layers}, and the rules do catch an import that points up. */
class LayersTest {

  private static final String ROOT = "dev.livesecrets";
  private static final String FIXTURE = "dev.livesecrets.architecture.fixture";

  // Production classes only: tests and the dev-server tooling sit above everything and may use it all.
  private static final JavaClasses PRODUCTION = new ClassFileImporter()
    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
    .importPackages(ROOT);

  @Test
  void everyImportPointsDown() {
    Layers.layered(ROOT).check(PRODUCTION);
  }

  @Test
  void noPackageCycle() {
    Layers.freeOfCycles(ROOT).check(PRODUCTION);
  }

  @Test
  void anImportFromConfigUpToHttpBreaksTheLayers() {
    JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

    assertThat(Layers.layered(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
    assertThat(Layers.freeOfCycles(FIXTURE).evaluate(fixture).hasViolation()).isTrue();
  }
}
