package dev.livesecrets.image;

import static org.assertj.core.api.Assertions.assertThat;

/** What the image profile's surefire execution tells the checks about the image it built (system properties). */
final class ImageProperties {

  private ImageProperties() {
  }

  /** The property's value; a run without it (not through the profile) fails saying where it comes from. */
  static String get(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property " + name + ", set by the image profile (./mvnw -Pimage package)")
      .isNotBlank();
    return value;
  }
}
