package dev.sockloop.autoconfigure;

import java.nio.ByteBuffer;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A setting the engine would refuse fails start-up with a message that names the property as the
 * user wrote it, never the engine's field.
 */
class SocketServerPropertyErrorsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(EchoHandler.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.codec=line");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			sockloop.servers.echo.max-frame-length=0     | sockloop.servers.echo.max-frame-length must be positive, was 0B
			sockloop.servers.echo.backlog=0              | sockloop.servers.echo.backlog must be positive, was 0
			sockloop.defaults.backlog=-1                 | sockloop.defaults.backlog must be positive, was -1
			sockloop.servers.echo.port=70000             | sockloop.servers.echo.port must be between 0 and 65535, was 70000
			sockloop.servers.echo.write-high-water-mark=0 | sockloop.servers.echo.write-high-water-mark must be positive, was 0B
			sockloop.servers.echo.write-low-water-mark=1MB | sockloop.servers.echo.write-low-water-mark (1048576B) must not exceed sockloop.servers.echo.write-high-water-mark (65536B)
			sockloop.servers.echo.max-connections=-1     | sockloop.servers.echo.max-connections must not be negative, was -1
			sockloop.servers.echo.idle-timeout=-1s       | sockloop.servers.echo.idle-timeout must not be negative, was -1s
			sockloop.servers.echo.read-timeout=-1s       | sockloop.servers.echo.read-timeout must not be negative, was -1s
			sockloop.servers.echo.write-timeout=-1s      | sockloop.servers.echo.write-timeout must not be negative, was -1s
			sockloop.servers.echo.shutdown-timeout=-1s   | sockloop.servers.echo.shutdown-timeout must not be negative, was -1s
			sockloop.servers.echo.ssl.handshake-timeout=-1s | sockloop.servers.echo.ssl.handshake-timeout must not be negative, was -1s
			sockloop.servers.echo.path-permissions=rwx   | sockloop.servers.echo.path-permissions must be nine characters such as 'rw-rw----', was 'rwx'
			sockloop.servers.echo.receive-buffer-size=-1B | sockloop.servers.echo.receive-buffer-size must not be negative, was -1B
			sockloop.servers.echo.send-buffer-size=-1B   | sockloop.servers.echo.send-buffer-size must not be negative, was -1B
			sockloop.servers.echo.linger=5s              | sockloop.servers.echo.linger must be 0 (reset on close) or unset, was 5s: a positive linger would block the event loop in close() until the peer reads
			sockloop.servers.echo.keep-alive-idle=1500ms | sockloop.servers.echo.keep-alive-idle must be whole seconds between 1s and 32767s (or 0 for the system default), was 1500ms
			sockloop.servers.echo.keep-alive-interval=-2s | sockloop.servers.echo.keep-alive-interval must be whole seconds between 1s and 32767s (or 0 for the system default), was -2s
			sockloop.servers.echo.keep-alive-count=200   | sockloop.servers.echo.keep-alive-count must be between 0 and 127, was 200
			sockloop.loops=0                             | sockloop.loops must be at least 1, was 0
			""")
	void invalidSettingShouldFailStartUpNamingTheProperty(String property, String message) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			System.out.println("[" + property + "] -> " + rootCause(failure).getMessage());
			assertThat(rootCause(failure)).hasMessageContaining(message);
		});
	}

	@Test
	void failureAnalysisShouldSayWhichPropertyToCorrect() {
		this.contextRunner.withPropertyValues("sockloop.defaults.max-frame-length=0").run((context) -> {
			FailureAnalysis analysis = new InvalidSockloopPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("sockloop.defaults.max-frame-length must be positive, was 0B");
			assertThat(analysis.getAction()).contains("Correct 'sockloop.defaults.max-frame-length'");
		});
	}

	@Test
	void anAnnotatedPortOutOfRangeShouldFailStartUpNamingTheAnnotation() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
			.withUserConfiguration(AnnotatedPortHandler.class)
			.withPropertyValues("sockloop.loops=1", "test.port=70000")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()))
				.hasMessageContaining("@SocketHandler port '${test.port}' must be between 0 and 65535, was 70000"));
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	@SocketHandler(name = "annotated", port = "${test.port}")
	static class AnnotatedPortHandler {

		Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

	@SocketHandler(name = "echo")
	static class EchoHandler {

		Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
