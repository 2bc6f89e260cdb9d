package dev.sockloop.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import dev.sockloop.spring.SocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SocketTestClient over a Unix domain socket, against a real server.
 */
@SpringBootTest(properties = "sockloop.loops=1")
class SocketTestClientUnixSocketTests {

	private static final Path directory;

	static {
		try {
			directory = Files.createTempDirectory("sockloop-test-client-unix");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void deleteSocketDirectory() throws IOException {
		FileSystemUtils.deleteRecursively(directory);
	}

	@DynamicPropertySource
	static void socketPath(DynamicPropertyRegistry registry) {
		registry.add("sockloop.servers.local.path", () -> directory.resolve("local.sock").toString());
	}

	@Autowired
	private Environment environment;

	@Test
	void talksToAUnixSocketServerFoundByName() {
		try (SocketTestClient client = SocketTestClient.connect(this.environment, "local")) {
			client.sendLine("over a file");
			assertThat(client.receiveLine()).isEqualTo("over a file");
			client.shutdownOutput();
			assertThat(client.awaitClosedByServer()).isTrue();
		}
	}

	@Test
	void aUnixSocketReceiveTimesOutRatherThanHangs() {
		try (SocketTestClient client = SocketTestClient.connect(directory.resolve("local.sock"))) {
			client.timeout(Duration.ofMillis(200));
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> client.receive(1))
				.withMessageContaining("Expected 1 bytes");
		}
	}

	@Test
	void aLargeExchangeCrossesTheSocketBuffersBothWays() {
		byte[] payload = new byte[1024 * 1024];
		for (int i = 0; i < payload.length; i++) {
			payload[i] = (byte) (i * 31);
		}
		try (SocketTestClient client = SocketTestClient.connect(directory.resolve("local.sock"))) {
			// Sent from another thread: the echo comes back while the rest is still being written.
			Thread sender = new Thread(() -> client.send(payload));
			sender.start();
			assertThat(client.receive(payload.length)).isEqualTo(payload);
		}
	}

	@SpringBootApplication
	static class TestApplication {

		@SocketHandler(name = "local")
		static class LocalEcho {

			Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
				return inbound;
			}

		}

	}

}
