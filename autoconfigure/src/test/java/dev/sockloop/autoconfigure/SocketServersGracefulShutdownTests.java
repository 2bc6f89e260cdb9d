package dev.sockloop.autoconfigure;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful stop of the servers when the application context closes.
 */
class SocketServersGracefulShutdownTests {

	private static final int CHUNK = 1024;

	private static final int CHUNKS = 16 * 1024;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(StreamHandler.class)
		.withPropertyValues("sockloop.loops=2", "sockloop.servers.stream.address=127.0.0.1",
				"sockloop.servers.stream.port=0", "sockloop.servers.stream.shutdown-timeout=20s");

	@Test
	void closeWhileClientIsReceivingShouldDeliverEveryByteThenFin() {
		this.contextRunner.run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.sockloop.stream.port", Integer.class);
			// A small receive buffer keeps most of the 16 MiB inside the server when the close starts.
			try (TestClient client = TestClient.connect(port, 16 * 1024)) {
				client.write("go");
				byte[] first = client.read(CHUNK);
				assertThat(first[0]).isEqualTo((byte) 0);
				CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
				byte[] rest = client.readToEnd();
				assertThat(first.length + rest.length).isEqualTo(CHUNK * CHUNKS);
				for (int i = 1; i < CHUNKS; i++) {
					assertThat(rest[i * CHUNK - CHUNK]).as("first byte of chunk %d", i).isEqualTo((byte) i);
				}
				closing.get(30, TimeUnit.SECONDS);
			}
		});
	}

	@SocketHandler(name = "stream")
	static class StreamHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound.take(1)
				.thenMany(Flux.range(0, CHUNKS))
				.map((i) -> {
					ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
					chunk.put(0, (byte) (int) i);
					return chunk;
				});
		}

	}

}
