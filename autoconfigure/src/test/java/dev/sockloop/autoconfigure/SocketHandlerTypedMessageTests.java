package dev.sockloop.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handlers that take and return their own types, decoded and encoded as JSON by Spring's Jackson
 * codecs over the server's framing, through real sockets.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketHandlerTypedMessageTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s");

	@Test
	void aRequestHandlerAnswersEachJsonLineInOrder() {
		this.contextRunner.withUserConfiguration(GreetHandler.class)
			.withPropertyValues("sockloop.servers.greet.codec=line", "sockloop.servers.greet.content-type=application/json")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "greet"))) {
					client.write("{\"name\":\"a\"}\n{\"name\":\"b\"}\r\n{\"na");
					client.write("me\":\"c\"}\n");
					String expected = "{\"text\":\"hello a\"}\n{\"text\":\"hello b\"}\n{\"text\":\"hello c\"}\n";
					assertThat(client.readText(expected.length())).isEqualTo(expected);
				}
			});
	}

	@Test
	void aStreamHandlerMapsMessagesOverLengthFieldFrames() {
		this.contextRunner.withUserConfiguration(StreamGreetHandler.class)
			.withPropertyValues("sockloop.servers.stream.codec=length-field",
					"sockloop.servers.stream.length-field-size=2")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "stream"))) {
					byte[] request = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
					client.write(new byte[] { 0, (byte) request.length }).write(request);
					byte[] answer = "{\"text\":\"hello x\"}".getBytes(StandardCharsets.UTF_8);
					assertThat(client.read(2)).containsExactly(0, answer.length);
					assertThat(client.read(answer.length)).isEqualTo(answer);
				}
			});
	}

	@Test
	void invalidJsonClosesTheConnectionAsABadFrameAfterEarlierAnswers(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(GreetHandler.class)
			.withPropertyValues("sockloop.servers.greet.codec=line")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "greet"))) {
					client.write("{\"name\":\"a\"}\n{\"name\": secretnope\n{\"name\":\"c\"}\n");
					String expected = "{\"text\":\"hello a\"}\n";
					assertThat(client.readText(expected.length())).isEqualTo(expected);
					assertThat(client.isClosedByServer()).isTrue();
				}
				ServerStats stats = context.getBean(SocketServers.class).get("greet").stats();
				Awaitility.await()
					.atMost(Duration.ofSeconds(5))
					.until(() -> stats.connectionsClosed(CloseReason.BAD_FRAME) == 1);
				System.out.printf("Invalid JSON: bad-frame closes %d, frames rejected %d, handler errors %d%n",
						stats.connectionsClosed(CloseReason.BAD_FRAME), stats.framesRejected(), stats.handlerErrors());
				assertThat(stats.framesRejected()).isEqualTo(1);
				assertThat(stats.handlerErrors()).as("a bad payload is never a handler error").isZero();
			});
		assertThat(output).contains("is not a valid Greeting").doesNotContain("secretnope");
	}

	@Test
	void concurrentRequestsStillAnswerInRequestOrder() {
		this.contextRunner.withUserConfiguration(GreetHandler.class)
			.withPropertyValues("sockloop.servers.greet.codec=line", "sockloop.servers.greet.request-concurrency=8")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "greet"))) {
					StringBuilder requests = new StringBuilder();
					StringBuilder expected = new StringBuilder();
					// Earlier requests take longer (see GreetHandler), so answers finish out of order.
					for (int i = 0; i < 8; i++) {
						requests.append("{\"name\":\"slow").append(8 - i).append("\"}\n");
						expected.append("{\"text\":\"hello slow").append(8 - i).append("\"}\n");
					}
					client.write(requests.toString());
					assertThat(client.readText(expected.length())).isEqualTo(expected.toString());
				}
			});
	}

	@Test
	void anOffloadedBlockingRequestHandlerWorksOnConcurrentRequestsAtOnce() {
		this.contextRunner.withUserConfiguration(BlockingGreetHandler.class)
			.withPropertyValues("sockloop.servers.blocking.codec=line", "sockloop.servers.blocking.offload=bounded-elastic",
					"sockloop.servers.blocking.request-concurrency=4")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "blocking"))) {
					// Each call blocks until all four are in progress: only concurrent calls answer.
					client.write("{\"name\":\"a\"}\n{\"name\":\"b\"}\n{\"name\":\"c\"}\n{\"name\":\"d\"}\n");
					String expected = "{\"text\":\"hello a\"}\n{\"text\":\"hello b\"}\n{\"text\":\"hello c\"}\n"
							+ "{\"text\":\"hello d\"}\n";
					assertThat(client.readText(expected.length())).isEqualTo(expected);
				}
			});
	}

	@Test
	void aClientThatPipelinesWithoutReadingMakesTheServerStopReading() {
		this.contextRunner.withUserConfiguration(GreetHandler.class)
			.withPropertyValues("sockloop.servers.greet.codec=line")
			.run((context) -> {
				ServerStats stats = context.getBean(SocketServers.class).get("greet").stats();
				String name = "x".repeat(200);
				byte[] request = ("{\"name\":\"" + name + "\"}\n").getBytes(StandardCharsets.UTF_8);
				int answerLength = ("{\"text\":\"hello " + name + "\"}\n").length();
				try (TestClient warmUp = TestClient.connect(port(context, "greet"))) {
					// The first message sets Jackson up, which can take longer than the quiet
					// period below; the connection's bytes are subtracted.
					assertThat(warmUp.write(request).readText(answerLength)).startsWith("{\"text\"");
				}
				long warmUpReceived = stats.bytesReceived();
				long warmUpSent = stats.bytesSent();
				try (SocketChannel client = SocketChannel.open()) {
					client.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
					client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
					client.connect(new InetSocketAddress("127.0.0.1", port(context, "greet")));
					client.configureBlocking(false);
					long received = sendUntilTheServerStopsReading(client, request, stats) - warmUpReceived;
					long answered = (stats.bytesSent() - warmUpSent) / answerLength;
					long held = (received / request.length - answered) * Math.max(request.length, answerLength);
					long bound = 64 * 1024 + 2L * LoopBuffers.READ_SIZE + 64 * 1024;
					System.out.printf("Pipelining without reading: server read %d bytes, answered %d of %d requests,"
							+ " holds about %d bytes (bound %d)%n", received, answered, received / request.length, held,
							bound);
					assertThat(held).as("bytes of requests read but not answered on the wire").isLessThanOrEqualTo(bound);
				}
			});
	}

	/**
	 * Writes until the socket would block, again and again, until the server has read and written
	 * nothing new for half a second.
	 * @return the bytes the server has read
	 */
	private static long sendUntilTheServerStopsReading(SocketChannel client, byte[] request, ServerStats stats) {
		ByteBuffer chunk = ByteBuffer.allocate(request.length * 256);
		for (int i = 0; i < 256; i++) {
			chunk.put(request);
		}
		long[] lastReceived = { -1 };
		long[] lastProgress = { -1 };
		long[] stableSince = { System.nanoTime() };
		Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
			try {
				do {
					if (!chunk.hasRemaining()) {
						chunk.flip();
					}
				}
				while (client.write(chunk) > 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			// Sent bytes count too: the server still answering what it has read is not yet the end.
			long received = stats.bytesReceived();
			long progress = received + stats.bytesSent();
			long now = System.nanoTime();
			if (progress != lastProgress[0]) {
				lastProgress[0] = progress;
				lastReceived[0] = received;
				stableSince[0] = now;
				return false;
			}
			return now - stableSince[0] > Duration.ofMillis(500).toNanos();
		});
		return lastReceived[0];
	}

	private static int port(ApplicationContext context, String server) {
		return context.getEnvironment().getRequiredProperty("local.sockloop." + server + ".port", Integer.class);
	}

	record Greeting(String name) {
	}

	record Answer(String text) {
	}

	@SocketHandler(name = "greet")
	static class GreetHandler {

		Mono<Answer> greet(Greeting greeting) {
			Answer answer = new Answer("hello " + greeting.name());
			if (greeting.name().startsWith("slow")) {
				// The larger the number, the later the answer is ready: out of order on purpose.
				int delay = Integer.parseInt(greeting.name().substring(4));
				return Mono.delay(Duration.ofMillis(delay * 20L)).thenReturn(answer);
			}
			return Mono.just(answer);
		}

	}

	@SocketHandler(name = "blocking")
	static class BlockingGreetHandler {

		private final CountDownLatch inProgress = new CountDownLatch(4);

		Answer greet(Greeting greeting) throws InterruptedException {
			this.inProgress.countDown();
			// Blocking code under test; bounded so that a failing test cannot hang.
			boolean together = this.inProgress.await(5, TimeUnit.SECONDS);
			return new Answer(together ? "hello " + greeting.name() : "alone");
		}

	}

	@SocketHandler(name = "stream")
	static class StreamGreetHandler {

		Flux<Answer> greet(Flux<Greeting> greetings) {
			return greetings.map((greeting) -> new Answer("hello " + greeting.name()));
		}

	}

}
