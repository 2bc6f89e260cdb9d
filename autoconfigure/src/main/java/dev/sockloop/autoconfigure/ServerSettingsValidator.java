package dev.sockloop.autoconfigure;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * Checks a server's settings before the engine sees them, so that a value the engine would refuse
 * fails start-up with the property's name as the user wrote it
 * ({@code sockloop.servers.echo.max-frame-length must be positive, was 0B}) rather than in the
 * engine's words, which name its own fields.
 */
final class ServerSettingsValidator {

	/** Largest {@code TCP_KEEPIDLE} and {@code TCP_KEEPINTVL} Linux accepts, in seconds. */
	private static final long MAX_KEEPALIVE_SECONDS = 32767;

	/** Largest {@code TCP_KEEPCNT} Linux accepts. */
	private static final int MAX_KEEPALIVE_COUNT = 127;

	private final SockloopProperties properties;

	private final String serverName;

	private final SockloopProperties.Server settings;

	private ServerSettingsValidator(SockloopProperties properties, String serverName,
			SockloopProperties.Server settings) {
		this.properties = properties;
		this.serverName = serverName;
		this.settings = settings;
	}

	/**
	 * Checks the effective settings of one server.
	 * @param properties all properties, to tell where a value was set
	 * @param serverName the server's name
	 * @param settings its effective settings ({@link SockloopProperties#settingsOf(String)})
	 * @throws InvalidSockloopPropertyException naming the first property out of range
	 */
	static void validate(SockloopProperties properties, String serverName, SockloopProperties.Server settings) {
		new ServerSettingsValidator(properties, serverName, settings).validate();
	}

	private void validate() {
		Integer port = this.settings.getPort();
		if (port != null && (port < 0 || port > 65535)) {
			fail("port", "must be between 0 and 65535, was " + port);
		}
		if (this.settings.getBacklog() <= 0) {
			fail("backlog", "must be positive, was " + this.settings.getBacklog());
		}
		requirePositive("max-frame-length", this.settings.getMaxFrameLength());
		requirePositive("write-high-water-mark", this.settings.getWriteHighWaterMark());
		requireNotNegative("write-low-water-mark", this.settings.getWriteLowWaterMark());
		if (this.settings.getWriteLowWaterMark().compareTo(this.settings.getWriteHighWaterMark()) > 0) {
			fail("write-low-water-mark", "(" + this.settings.getWriteLowWaterMark() + ") must not exceed "
					+ name("write-high-water-mark") + " (" + this.settings.getWriteHighWaterMark() + ")");
		}
		Integer maxConnections = this.settings.getMaxConnections();
		if (maxConnections != null && maxConnections < 0) {
			fail("max-connections", "must not be negative, was " + maxConnections);
		}
		requireNotNegative("idle-timeout", this.settings.getIdleTimeout());
		requireNotNegative("read-timeout", this.settings.getReadTimeout());
		requireNotNegative("write-timeout", this.settings.getWriteTimeout());
		requireNotNegative("shutdown-timeout", this.settings.getShutdownTimeout());
		requireNotNegative("ssl.handshake-timeout", this.settings.getSsl().getHandshakeTimeout());
		validatePathPermissions();
		validateSocketOptions();
	}

	private void validatePathPermissions() {
		String permissions = this.settings.getPathPermissions();
		if (permissions == null) {
			return;
		}
		try {
			PosixFilePermissions.fromString(permissions);
		}
		catch (IllegalArgumentException ex) {
			fail("path-permissions", "must be nine characters such as 'rw-rw----', was '" + permissions + "'");
		}
	}

	private void validateSocketOptions() {
		requireNotNegative("receive-buffer-size", this.settings.getReceiveBufferSize());
		requireNotNegative("send-buffer-size", this.settings.getSendBufferSize());
		Duration linger = this.settings.getLinger();
		if (linger != null && !linger.isZero()) {
			fail("linger", "must be 0 (reset on close) or unset, was " + print(linger)
					+ ": a positive linger would block the event loop in close() until the peer reads");
		}
		requireKeepAliveSeconds("keep-alive-idle", this.settings.getKeepAliveIdle());
		requireKeepAliveSeconds("keep-alive-interval", this.settings.getKeepAliveInterval());
		Integer count = this.settings.getKeepAliveCount();
		if (count != null && (count < 0 || count > MAX_KEEPALIVE_COUNT)) {
			fail("keep-alive-count", "must be between 0 and " + MAX_KEEPALIVE_COUNT + ", was " + count);
		}
	}

	private void requireKeepAliveSeconds(String property, Duration value) {
		if (value == null || value.isZero()) {
			return;
		}
		if (value.isNegative() || value.getNano() != 0 || value.getSeconds() > MAX_KEEPALIVE_SECONDS) {
			fail(property, "must be whole seconds between 1s and " + MAX_KEEPALIVE_SECONDS
					+ "s (or 0 for the system default), was " + print(value));
		}
	}

	private void requirePositive(String property, DataSize size) {
		if (size == null || size.toBytes() <= 0) {
			fail(property, "must be positive, was " + size);
		}
	}

	private void requireNotNegative(String property, DataSize size) {
		if (size != null && size.isNegative()) {
			fail(property, "must not be negative, was " + size);
		}
	}

	private void requireNotNegative(String property, Duration duration) {
		if (duration != null && duration.isNegative()) {
			fail(property, "must not be negative, was " + print(duration));
		}
	}

	private String name(String property) {
		return this.properties.propertyName(this.serverName, property);
	}

	private void fail(String property, String problem) {
		throw new InvalidSockloopPropertyException(name(property), name(property) + " " + problem);
	}

	/** As a user would write it in the properties ({@code 1500ms}), not ISO-8601 ({@code PT1.5S}). */
	private static String print(Duration duration) {
		return DurationStyle.SIMPLE.print(duration, (duration.getNano() == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS);
	}

}
