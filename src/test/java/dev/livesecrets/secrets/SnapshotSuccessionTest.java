package dev.livesecrets.secrets;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotSuccessionTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);
  private static final Instant T2 = T0.plusSeconds(120);
  private static final Map<String, String> V1 = Map.of("api_key", "a1", "jwt_secret", "j1");

  private final SnapshotSuccession succession = new SnapshotSuccession("secret/app");

  @Test
  void firstReadBecomesSequenceOneWithTheSourceVersion() {
    SecretSnapshot first = succession.next(null, V1, OptionalLong.of(7), T0).orElseThrow();

    assertThat(first.version()).isEqualTo(7);
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.source()).isEqualTo("secret/app");
    assertThat(first.previousValues()).isEmpty();
  }

  @Test
  void sameValuesAndVersionChangeNothing() {
    SecretSnapshot first = succession.next(null, V1, OptionalLong.of(7), T0).orElseThrow();

    assertThat(succession.next(first, Map.copyOf(V1), OptionalLong.of(7), T1)).isEmpty();
  }

  @Test
  void aNewVersionWithTheSameValuesIsStillANewSnapshot() {
    SecretSnapshot first = succession.next(null, V1, OptionalLong.of(7), T0).orElseThrow();

    SecretSnapshot next = succession.next(first, V1, OptionalLong.of(8), T1).orElseThrow();
    assertThat(next.version()).isEqualTo(8);
    assertThat(next.sequence()).isEqualTo(2);
    assertThat(next.previousValues()).isEmpty();
  }

  @Test
  void unversionedSourcesAreNumberedOneMoreAtEachChange() {
    SecretSnapshot first = succession.next(null, V1, OptionalLong.empty(), T0).orElseThrow();
    SecretSnapshot second = succession.next(first, Map.of("api_key", "a2", "jwt_secret", "j1"),
      OptionalLong.empty(), T1).orElseThrow();

    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(succession.next(second, second.values(), OptionalLong.empty(), T2)).isEmpty();
  }

  @Test
  void aRotatedKeyKeepsItsReplacedValueAndTimeThroughLaterChangesOfOtherKeys() {
    SecretSnapshot first = succession.next(null, V1, OptionalLong.of(1), T0).orElseThrow();
    SecretSnapshot jwtRotated = succession.next(first, Map.of("api_key", "a1", "jwt_secret", "j2"),
      OptionalLong.of(2), T1).orElseThrow();
    SecretSnapshot apiRotated = succession.next(jwtRotated, Map.of("api_key", "a2", "jwt_secret", "j2"),
      OptionalLong.of(3), T2).orElseThrow();

    assertThat(apiRotated.previousValue("jwt_secret")).isEqualTo("j1");
    assertThat(apiRotated.replacedAt("jwt_secret")).isEqualTo(T1);
    assertThat(apiRotated.previousValue("api_key")).isEqualTo("a1");
    assertThat(apiRotated.replacedAt("api_key")).isEqualTo(T2);
  }

  @Test
  void droppingAPreviousValueKeepsValuesAndVersionAndNumbersTheNextSequence() {
    SecretSnapshot first = succession.next(null, V1, OptionalLong.of(1), T0).orElseThrow();
    SecretSnapshot rotated = succession.next(first, Map.of("api_key", "a2", "jwt_secret", "j2"),
      OptionalLong.of(2), T1).orElseThrow();

    SecretSnapshot dropped = SnapshotSuccession.withoutPrevious(rotated, List.of("api_key"));

    assertThat(dropped.values()).isEqualTo(rotated.values());
    assertThat(dropped.version()).isEqualTo(2);
    assertThat(dropped.sequence()).isEqualTo(3);
    assertThat(dropped.loadedAt()).isEqualTo(T1);
    assertThat(dropped.previousValue("api_key")).isNull();
    assertThat(dropped.previousValue("jwt_secret")).isEqualTo("j1");
  }

  @Test
  void aDroppedPreviousValueDoesNotComeBackWithALaterChangeOfAnotherKey() {
    SecretSnapshot first = succession.next(null, V1, OptionalLong.of(1), T0).orElseThrow();
    SecretSnapshot rotated = succession.next(first, Map.of("api_key", "a2", "jwt_secret", "j1"),
      OptionalLong.of(2), T1).orElseThrow();
    SecretSnapshot dropped = SnapshotSuccession.withoutPrevious(rotated, List.of("api_key"));

    SecretSnapshot later = succession.next(dropped, Map.of("api_key", "a2", "jwt_secret", "j2"),
      OptionalLong.of(3), T2).orElseThrow();

    assertThat(later.previousValue("api_key")).isNull();
    assertThat(later.previousValue("jwt_secret")).isEqualTo("j1");
  }

  @Test
  void changedKeysAreTheSortedNamesOfAddedRemovedAndChangedKeys() {
    assertThat(SnapshotSuccession.changedKeys(Map.of("b", "1", "a", "1", "c", "1"),
      Map.of("a", "2", "b", "1", "d", "1"))).containsExactly("a", "c", "d");
  }
}
