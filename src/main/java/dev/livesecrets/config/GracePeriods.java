package dev.livesecrets.config;

import java.time.Duration;

/**
 * How long a rotated-out secret is still accepted, so a rotation does not log everyone out.
 *
 * @param jwtPreviousKey tokens signed with the previous {@code jwt_secret} stay valid this long
 * @param apiKeyPrevious the previous {@code api_key} is still accepted this long (zero: not at all)
 */
public record GracePeriods(Duration jwtPreviousKey, Duration apiKeyPrevious) {
}
