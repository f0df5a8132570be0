package dev.livesecrets.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SettingNames} against the names the main sources read (see {@link SettingReads}). */
class SettingNamesTest {

  @Test
  void everySettingTheCodeReadsIsInTheRegistry() {
    Map<String, String> missing = new TreeMap<>(SettingReads.inMainSources());
    missing.keySet().removeAll(SettingNames.ALL);
    assertThat(missing)
      .as("settings read in the main sources (name=file) but missing from SettingNames: add them there")
      .isEmpty();
  }

  @Test
  void everySettingInTheRegistryIsReadSomewhere() {
    Set<String> unread = new TreeSet<>(SettingNames.ALL);
    unread.removeAll(SettingReads.inMainSources().keySet());
    assertThat(unread)
      .as("settings in SettingNames that no main source reads: a leftover, or a misspelling of one that is read")
      .isEmpty();
  }

  @Test
  void scanSeesEveryWayASettingIsRead() {
    // Without this, a scan gone blind (a renamed field, a new file layout) would pass the two tests above vacuously.
    Map<String, String> found = SettingReads.inMainSources();
    assertThat(found).as("a SettingSource call").containsEntry("HTTP_PORT", "SettingsLoader.java");
    assertThat(found).as("a helper that hands its name to the SettingSource")
      .containsEntry("TLS_CERT_FILE", "ServerTlsSettingsLoader.java");
    assertThat(found).as("env.get with a constant").containsEntry("CONFIG_FILE", "SettingsLoader.java");
    assertThat(found).as("a ${...} variable in logback.xml").containsEntry("LOG_FORMAT", "logback.xml");
  }

  @Test
  void scanReadsLiteralsConstantsAndHelpersButNotOtherStrings() {
    String java = String.join("\n", "class X {",
      "  static final String NAMED = \"FROM_CONSTANT\";",
      "  void a() { source.bool(\"FROM_CALL\", false); env.get(NAMED); System.getenv(\"FROM_GETENV\"); }",
      "  private Path requiredFile(String name, String what) {",
      "    return source.readableFile(name);",
      "  }",
      "  private void check(String setting, String value) {",
      "    throw new SettingsException(setting, value);",
      "  }",
      "  void b() { requiredFile(\"FROM_HELPER\", \"x\"); check(\"NOT_A_READ\", \"y\"); log(\"ALSO_NOT\"); }",
      "}");
    Map<String, String> found = new HashMap<>();
    SettingReads.inJava(java, "X.java", found);
    SettingReads.inLogback("<appender-ref ref=\"${FROM_LOGBACK:-JSON}\"/> ${lower}", "logback.xml", found);
    assertThat(found.keySet()).containsExactlyInAnyOrder("FROM_CONSTANT", "FROM_CALL", "FROM_GETENV", "FROM_HELPER",
      "FROM_LOGBACK");
  }

  @Test
  void noSettingIsInTwoGroups() {
    List<Set<String>> groups = List.of(SettingNames.PROCESS, SettingNames.HTTP, SettingNames.OPERATIONS,
      SettingNames.SECRETS, SettingNames.VAULT, SettingNames.VAULT_AUTH, SettingNames.DATABASE, SettingNames.HTTPS,
      SettingNames.CLUSTER);
    List<String> all = new ArrayList<>();
    groups.forEach(all::addAll);
    assertThat(all).as("every name in exactly one group").doesNotHaveDuplicates().hasSameSizeAs(SettingNames.ALL);
  }
}
