package dev.livesecrets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainDefaultsTest {

  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(Main.NETTY_JFR);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(Main.NETTY_JFR);
    } else {
      System.setProperty(Main.NETTY_JFR, before);
    }
  }

  @Test
  void nettysFlightRecorderEventsAreOffByDefault() {
    System.clearProperty(Main.NETTY_JFR);
    Main.defaultSystemProperties();
    assertThat(System.getProperty(Main.NETTY_JFR)).isEqualTo("false");
  }

  @Test
  void aValueFromTheCommandLineIsKept() {
    System.setProperty(Main.NETTY_JFR, "true");
    Main.defaultSystemProperties();
    assertThat(System.getProperty(Main.NETTY_JFR)).isEqualTo("true");
  }
}
