package dev.sockloop.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import dev.sockloop.internal.linux.FileDescriptorLimit;
import dev.sockloop.tls.ClientAuth;
import dev.sockloop.tls.TlsEngineFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits a server has when nothing is configured, and the start-up line that names those left
 * off.
 */
class ServerDefaultsTests {

	@Test
	void maxConnectionsDefaultsToNinetyPercentOfTheOpenFilesLimit() {
		long limit = FileDescriptorLimit.hard();
		assertThat(SocketServer.builder().config().maxConnections()).as("default max-connections with %d fds", limit)
			.isEqualTo((int) Math.min(Integer.MAX_VALUE, limit / 10 * 9));
		assertThat(SocketServer.builder().config().maxConnections()).isPositive();
	}

	@Test
	void maxConnectionsZeroMeansNoLimit() {
		assertThat(SocketServer.builder().maxConnections(0).config().maxConnections()).isZero();
		assertThat(SocketServer.builder().maxConnections(7).config().maxConnections()).isEqualTo(7);
	}

	@Test
	void startUpLogsOneInfoLineNamingTheLimitsLeftOff() {
		List<String> lines = startAndCaptureLog("defaults", (builder) -> { });
		assertThat(lines.stream().filter((line) -> line.contains("Server 'defaults'") && line.contains(" off")))
			.singleElement().satisfies((line) -> assertThat(line).contains("INFO")
				.contains("idle-timeout, read-timeout, write-timeout are off").doesNotContain("max-connections"));
	}

	@Test
	void startUpLineNamesMaxConnectionsWhenItIsTurnedOff() {
		List<String> lines = startAndCaptureLog("unlimited",
				(builder) -> builder.maxConnections(0).idleTimeout(Duration.ofMinutes(5)));
		assertThat(lines.stream().filter((line) -> line.contains("Server 'unlimited'") && line.contains(" off")))
			.singleElement().satisfies((line) -> assertThat(line)
				.contains("max-connections, read-timeout, write-timeout are off").doesNotContain("idle-timeout"));
	}

	@Test
	void noLineWhenEveryLimitIsOn() {
		List<String> lines = startAndCaptureLog("bounded", (builder) -> builder.idleTimeout(Duration.ofMinutes(5))
			.readTimeout(Duration.ofMinutes(1)).writeTimeout(Duration.ofMinutes(1)));
		assertThat(lines).noneMatch((line) -> line.contains("Server 'bounded'") && line.contains(" off"));
	}

	@Test
	void startUpLineNamesTheTlsHandshakeTimeoutOnlyWhenItIsTurnedOff() throws Exception {
		TlsEngineFactory engines = TlsEngineFactory.of(SSLContext.getDefault(), ClientAuth.NONE);
		List<String> unlimited = startAndCaptureLog("tls-unlimited",
				(builder) -> builder.tls(engines, Duration.ZERO).idleTimeout(Duration.ofMinutes(5)));
		assertThat(unlimited.stream().filter((line) -> line.contains("Server 'tls-unlimited'") && line.contains(" off")))
			.singleElement().satisfies((line) -> assertThat(line).contains("ssl.handshake-timeout"));
		List<String> limited = startAndCaptureLog("tls-default", (builder) -> builder.tls(engines));
		assertThat(limited).noneMatch((line) -> line.contains("ssl.handshake-timeout"));
	}

	private static List<String> startAndCaptureLog(String name, Consumer<SocketServerBuilder> customizer) {
		PrintStream originalErr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			SocketServerBuilder builder = SocketServer.builder().name(name).address("127.0.0.1").loops(1)
				.handler((connection) -> Flux.<Void>empty());
			customizer.accept(builder);
			builder.start().stop(Duration.ofSeconds(5));
		}
		finally {
			System.setErr(originalErr);
		}
		return captured.toString(StandardCharsets.UTF_8).lines().toList();
	}

}
