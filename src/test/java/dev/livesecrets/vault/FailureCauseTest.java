package dev.livesecrets.vault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailureCauseTest {

  @Test
  void labelsAreTheFixedMetricLabelsInTheirDocumentedOrder() {
    assertThat(Arrays.stream(FailureCause.values()).map(FailureCause::label)).containsExactly("unreachable",
      "timeout", "connection_closed", "tls", "http_403", "http_4xx", "http_5xx", "bad_answer", "source_unreadable",
      "other");
  }

  @Test
  void labelsAreDistinctLowerCaseWords() {
    List<String> labels = Arrays.stream(FailureCause.values()).map(FailureCause::label).toList();

    assertThat(labels).doesNotHaveDuplicates().allMatch(label -> label.matches("[a-z0-9_]+"));
  }

  @Test
  void onlyFaultsOfTheNetworkOrOfVaultsAvailabilityAreRetryable() {
    assertThat(Arrays.stream(FailureCause.values()).filter(FailureCause::retryable))
      .containsExactly(FailureCause.UNREACHABLE, FailureCause.TIMEOUT, FailureCause.CONNECTION_CLOSED,
        FailureCause.HTTP_5XX);
  }

  @ParameterizedTest(name = "HTTP {0} is {1}")
  @CsvSource({"403, HTTP_403", "400, HTTP_4XX", "404, HTTP_4XX", "429, HTTP_4XX", "499, HTTP_4XX", "500, HTTP_5XX",
    "503, HTTP_5XX", "599, HTTP_5XX", "200, BAD_ANSWER", "204, BAD_ANSWER", "307, BAD_ANSWER", "600, BAD_ANSWER"})
  void statusesMapToTheirCause(int status, FailureCause cause) {
    assertThat(FailureCause.forStatus(status)).isEqualTo(cause);
  }
}
