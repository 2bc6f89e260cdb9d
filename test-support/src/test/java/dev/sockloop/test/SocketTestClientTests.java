package dev.sockloop.test;

import java.nio.ByteBuffer;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import dev.sockloop.spring.Codec;
import dev.sockloop.spring.SocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@SpringBootTest(properties = { "sockloop.loops=1", "sockloop.servers.echo.port=0", "sockloop.servers.shout.port=0",
		"sockloop.servers.frames.port=0", "sockloop.servers.frames.length-field-size=2" })
class SocketTestClientTests {

	@Autowired
	private Environment environment;

	@Test
	void talksToARawServerFoundByName() {
		try (SocketTestClient client = SocketTestClient.connect(this.environment, "echo")) {
			client.send("abc");
			assertThat(new String(client.receive(3))).isEqualTo("abc");
			client.shutdownOutput();
			assertThat(client.awaitClosedByServer()).isTrue();
		}
	}

	@Test
	void talksLinesToALineServer() {
		try (SocketTestClient client = SocketTestClient.connect(this.environment, "shout")) {
			client.sendLine("hello").sendLine("world");
			assertThat(client.receiveLine()).isEqualTo("HELLO");
			assertThat(client.receiveLine()).isEqualTo("WORLD");
		}
	}

	@Test
	void talksFramesToALengthFieldServer() {
		try (SocketTestClient client = SocketTestClient.connect(this.environment, "frames")) {
			client.sendFrame(2, new byte[] { 1, 2, 3 });
			assertThat(client.receiveFrame(2)).containsExactly(1, 2, 3);
		}
	}

	@Test
	void unknownServerNameIsAClearError() {
		assertThatIllegalStateException().isThrownBy(() -> SocketTestClient.connect(this.environment, "nope"))
			.withMessageContaining("'nope'");
	}

	@SpringBootApplication
	static class TestApplication {

		@SocketHandler(name = "echo")
		static class Echo {

			Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
				return inbound;
			}

		}

		@SocketHandler(name = "shout", codec = Codec.LINE)
		static class Shout {

			Flux<String> handle(Flux<String> lines) {
				return lines.map((line) -> line.toUpperCase(Locale.ROOT));
			}

		}

		@SocketHandler(name = "frames", codec = Codec.LENGTH_FIELD)
		static class Frames {

			Flux<byte[]> handle(Flux<byte[]> frames) {
				return frames;
			}

		}

	}

}
