package dev.sockloop.autoconfigure;

import java.time.Duration;
import java.util.Arrays;

import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad frames sent to a {@code @SocketHandler} server are the peer's doing: counted each, logged at
 * a bounded rate, so that a connect and a few bytes cannot buy a WARN line.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketHandlerBadFrameLogTests {

	private static final int PEERS = 100;

	private static final byte[] OVERSIZE_LINE = new byte[100];

	private static final byte[] MALFORMED_LINE = { 'a', (byte) 0xFF, 'b', '\n' };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(TextEchoHandler.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s", "sockloop.servers.text.codec=line",
				"sockloop.servers.text.max-frame-length=16B", "sockloop.servers.text.malformed-input=close");

	@Test
	void badFramesFromManyPeersShouldCostAtMostAFewWarnings(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			SocketServer server = context.getBean(SocketServers.class).get("text");
			for (int i = 0; i < PEERS; i++) {
				try (TestClient peer = TestClient.connect(server.port())) {
					peer.write((i % 2 == 0) ? OVERSIZE_LINE : MALFORMED_LINE);
					assertThat(peer.isClosedByServer()).isTrue();
				}
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().framesRejected() == PEERS);
			assertThat(server.stats().handlerErrors()).isZero();
		});
		long warnings = Arrays.stream(output.toString().split("\n"))
			.filter((line) -> line.contains("WARN") && line.contains("'text'"))
			.count();
		assertThat(warnings).as("WARN lines for " + PEERS + " bad frames").isBetween(1L, 2L);
	}

	@SocketHandler(name = "text")
	static class TextEchoHandler {

		Flux<String> echo(Flux<String> text) {
			return text;
		}

	}

}
