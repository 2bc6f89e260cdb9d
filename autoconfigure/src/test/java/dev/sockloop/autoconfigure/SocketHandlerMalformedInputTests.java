package dev.sockloop.autoconfigure;

import java.time.Duration;

import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code malformed-input} policy for invalid UTF-8 reaching a {@code Flux<String>} handler,
 * through real sockets.
 */
class SocketHandlerMalformedInputTests {

	private static final byte[] INVALID_LINE = { 'a', (byte) 0xFF, 'b', '\n' };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(TextEchoHandler.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s");

	@Test
	void replacePolicyShouldDeliverReplacementCharacterAndKeepConnection() {
		this.contextRunner
			.withPropertyValues("sockloop.servers.text.codec=line", "sockloop.servers.text.malformed-input=replace")
			.run((context) -> {
				SocketServer server = server(context);
				try (TestClient client = TestClient.connect(server.port())) {
					client.write(INVALID_LINE);
					assertThat(client.read(6)).containsExactly('a', 0xEF, 0xBF, 0xBD, 'b', '\n');
					assertThat(client.write("ok\n").readText(3)).isEqualTo("ok\n");
				}
				assertThat(server.stats().framesRejected()).isZero();
			});
	}

	@Test
	void closePolicyShouldCloseConnectionAndCountRejectedFrame() {
		this.contextRunner
			.withPropertyValues("sockloop.servers.text.codec=line", "sockloop.servers.text.malformed-input=close")
			.run((context) -> {
				SocketServer server = server(context);
				try (TestClient good = TestClient.connect(server.port());
						TestClient bad = TestClient.connect(server.port())) {
					assertThat(good.write("fine\n").readText(5)).isEqualTo("fine\n");
					bad.write(INVALID_LINE);
					assertThat(bad.isClosedByServer()).isTrue();
					assertThat(good.write("still\n").readText(6)).isEqualTo("still\n");
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().framesRejected() == 1);
				assertThat(server.stats().handlerErrors()).isZero();
			});
	}

	@Test
	void closePolicyWithRawCodecShouldAcceptCharacterSplitBetweenReads() {
		this.contextRunner.withPropertyValues("sockloop.servers.text.malformed-input=close").run((context) -> {
			SocketServer server = server(context);
			try (TestClient client = TestClient.connect(server.port())) {
				// 'é' is C3 A9: the server reads the first byte alone before the second is sent.
				client.write(new byte[] { 'h', (byte) 0xC3 });
				await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().bytesReceived() == 2);
				client.write(new byte[] { (byte) 0xA9, '!' });
				assertThat(client.readText(4)).isEqualTo("hé!");
			}
			assertThat(server.stats().framesRejected()).isZero();
		});
	}

	private static SocketServer server(ApplicationContext context) {
		return context.getBean(SocketServers.class).get("text");
	}

	@SocketHandler(name = "text")
	static class TextEchoHandler {

		Flux<String> echo(Flux<String> text) {
			return text;
		}

	}

}
