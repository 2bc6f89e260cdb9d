package dev.sockloop.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.CloseReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faulty {@code @SocketHandler} methods: each fault stays with its connection, is logged once and
 * counted, and a healthy server on the same (single) event loop keeps answering.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketHandlerFaultTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(FaultyHandlers.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s", "sockloop.defaults.codec=line");

	@Test
	void handlerThatThrowsShouldCloseOnlyItsConnection(CapturedOutput output) {
		this.contextRunner.run((context) -> assertFaultIsolated(context, "throws", "boom from a throwing handler", output));
	}

	@Test
	void offloadedHandlerThatThrowsShouldCloseOnlyItsConnection(CapturedOutput output) {
		this.contextRunner.withPropertyValues("sockloop.servers.throws.offload=bounded-elastic")
			.run((context) -> assertFaultIsolated(context, "throws", "boom from a throwing handler", output));
	}

	@Test
	void handlerThatReturnsNullShouldCloseOnlyItsConnection(CapturedOutput output) {
		this.contextRunner.run((context) -> assertFaultIsolated(context, "returns-null",
				"FaultyHandlers.returnsNull(Flux<String>) returned null", output));
	}

	@Test
	void handlerWhosePublisherErrorsShouldCloseOnlyItsConnection(CapturedOutput output) {
		this.contextRunner.run((context) -> assertFaultIsolated(context, "errors", "boom from Flux.error", output));
	}

	@Test
	void handlerThatNeverReadsShouldHoldConnectionUntilIdleTimeoutWithInboundBoundedByTcpWindow(CapturedOutput output) {
		this.contextRunner.withPropertyValues("sockloop.servers.ignores.idle-timeout=1s").run((context) -> {
			SocketServer ignores = server(context, "ignores");
			try (TestClient healthy = TestClient.connect(server(context, "echo").port());
					SocketChannel flooder = SocketChannel.open(new InetSocketAddress("127.0.0.1", ignores.port()))) {
				long written = writeUntilWindowIsFull(flooder);
				System.out.println("Client wrote " + written + " bytes before the kernel buffers were full");
				// Everything written sits in kernel buffers: the server read none of it into memory.
				assertThat(written).isPositive().isLessThan(64L * 1024 * 1024);
				assertThat(ignores.stats().bytesReceived()).isZero();
				// The kernel completes the connect before the loop accepts it: wait for the accept.
				await().atMost(Duration.ofSeconds(5)).until(() -> ignores.stats().connectionsActive() == 1);
				assertThat(healthy.write("still here\n").readText(11)).isEqualTo("still here\n");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> ignores.stats().connectionsClosed(CloseReason.TIMEOUT) == 1);
				assertThat(ignores.stats().bytesReceived()).isZero();
				assertThat(ignores.stats().handlerErrors()).isZero();
				assertThat(output).doesNotContain("Handler of server 'ignores' failed");
			}
		});
	}

	private static void assertFaultIsolated(ApplicationContext context, String name, String message,
			CapturedOutput output) throws IOException {
		SocketServer faulty = server(context, name);
		SocketServer echo = server(context, "echo");
		try (TestClient healthy = TestClient.connect(echo.port())) {
			assertThat(healthy.write("before\n").readText(7)).isEqualTo("before\n");
			try (TestClient victim = TestClient.connect(faulty.port())) {
				victim.write("anything\n");
				assertThat(victim.isClosedByServer()).isTrue();
			}
			assertThat(healthy.write("after\n").readText(6)).isEqualTo("after\n");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> faulty.stats().handlerErrors() == 1);
		assertThat(faulty.stats().connectionsClosed(CloseReason.HANDLER_ERROR)).isEqualTo(1);
		assertThat(echo.stats().handlerErrors()).isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains(message));
		assertThat(occurrences(output.getOut() + output.getErr(), message)).as("times logged").isEqualTo(1);
	}

	/**
	 * Writes without blocking until the kernel takes no more: the peer's receive window and our
	 * send buffer are full.
	 */
	private static long writeUntilWindowIsFull(SocketChannel channel) throws IOException {
		channel.configureBlocking(false);
		ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
		long written = 0;
		int n;
		do {
			chunk.clear();
			n = channel.write(chunk);
			written += n;
		}
		while (n > 0);
		return written;
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
			count++;
		}
		return count;
	}

	private static SocketServer server(ApplicationContext context, String name) {
		return context.getBean(SocketServers.class).get(name);
	}

	static class FaultyHandlers {

		@SocketHandler(name = "echo")
		Flux<String> echo(Flux<String> lines) {
			return lines;
		}

		@SocketHandler(name = "throws")
		Flux<String> throwing(Flux<String> lines) {
			throw new IllegalStateException("boom from a throwing handler");
		}

		@SocketHandler(name = "returns-null")
		Flux<String> returnsNull(Flux<String> lines) {
			return null;
		}

		@SocketHandler(name = "errors")
		Flux<String> errors(Flux<String> lines) {
			return Flux.error(new IllegalStateException("boom from Flux.error"));
		}

		@SocketHandler(name = "ignores")
		Mono<Void> ignores(Flux<ByteBuffer> inbound) {
			return Mono.never();
		}

	}

}
