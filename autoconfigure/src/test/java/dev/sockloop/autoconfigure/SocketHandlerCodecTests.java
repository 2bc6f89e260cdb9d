package dev.sockloop.autoconfigure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codecs applied to {@code @SocketHandler} methods, through real sockets.
 */
class SocketHandlerCodecTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=2", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=5s");

	@Test
	void lineCodecShouldDeliverLinesAcceptingCrlf() {
		this.contextRunner.withUserConfiguration(UpperHandler.class)
			.withPropertyValues("sockloop.servers.upper.codec=line")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "upper"))) {
					client.write("one\r\ntw");
					client.write("o\nthree\n");
					assertThat(client.readText(14)).isEqualTo("ONE\nTWO\nTHREE\n");
				}
			});
	}

	@Test
	void lineCodecShouldReassembleLinesSplitAtEveryByte() {
		this.contextRunner.withUserConfiguration(UpperHandler.class)
			.withPropertyValues("sockloop.servers.upper.codec=line")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "upper"))) {
					for (byte b : "héllo wörld\n".getBytes(StandardCharsets.UTF_8)) {
						client.write(new byte[] { b });
					}
					assertThat(client.readText("HÉLLO WÖRLD\n".getBytes(StandardCharsets.UTF_8).length))
						.isEqualTo("HÉLLO WÖRLD\n");
				}
			});
	}

	@Test
	void lengthFieldCodecShouldEchoFrames() {
		this.contextRunner.withUserConfiguration(FrameEchoHandler.class)
			.withPropertyValues("sockloop.servers.frames.codec=length-field",
					"sockloop.servers.frames.length-field-size=2")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "frames"))) {
					byte[] frames = { 0, 3, 'a', 'b', 'c', 0, 0, 0, 1, 'z' };
					client.write(frames);
					// the handler prefixes each frame with '>' and the encoder adds the header again
					assertThat(client.read(13)).containsExactly(0, 4, '>', 'a', 'b', 'c', 0, 1, '>', 0, 2, '>', 'z');
				}
			});
	}

	@Test
	void delimiterCodecShouldSplitOnConfiguredBytes() {
		this.contextRunner.withUserConfiguration(FrameEchoHandler.class)
			.withPropertyValues("sockloop.servers.frames.codec=delimiter", "sockloop.servers.frames.delimiter=;;")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "frames"))) {
					client.write("ab;;c;");
					client.write(";");
					assertThat(client.readText(9)).isEqualTo(">ab;;>c;;");
				}
			});
	}

	@Test
	void fixedLengthCodecShouldCutFramesOfConfiguredLength() {
		this.contextRunner.withUserConfiguration(ReverseHandler.class)
			.withPropertyValues("sockloop.servers.reverse.codec=fixed-length",
					"sockloop.servers.reverse.frame-length=3")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "reverse"))) {
					client.write("abcd");
					client.write("ef");
					assertThat(client.readText(6)).isEqualTo("cbafed");
				}
			});
	}

	@Test
	void delimiterCodecWithoutDelimiterShouldFailStartup() {
		this.contextRunner.withUserConfiguration(FrameEchoHandler.class)
			.withPropertyValues("sockloop.servers.frames.codec=delimiter")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("sockloop.servers.frames.delimiter");
			});
	}

	@Test
	void oversizeFrameShouldCloseOnlyThatConnection() {
		this.contextRunner.withUserConfiguration(UpperHandler.class)
			.withPropertyValues("sockloop.servers.upper.codec=line", "sockloop.servers.upper.max-frame-length=16B")
			.run((context) -> {
				int port = port(context, "upper");
				try (TestClient good = TestClient.connect(port); TestClient bad = TestClient.connect(port)) {
					assertThat(good.write("ok\n").readText(3)).isEqualTo("OK\n");
					bad.write("this line is far longer than sixteen bytes\n");
					assertThat(bad.isClosedByServer()).isTrue();
					assertThat(good.write("still\n").readText(6)).isEqualTo("STILL\n");
					long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
					SocketServers servers = context.getBean(SocketServers.class);
					ServerStats stats = servers.get("upper").stats();
					while (stats.connectionsClosed(CloseReason.BAD_FRAME) == 0 && System.nanoTime() < deadline) {
						Thread.onSpinWait();
					}
					assertThat(stats.framesRejected()).isEqualTo(1);
					assertThat(stats.connectionsClosed(CloseReason.BAD_FRAME)).as("closed for a bad frame").isEqualTo(1);
					assertThat(stats.handlerErrors()).isZero();
				}
			});
	}

	private static int port(org.springframework.context.ApplicationContext context, String server) {
		return context.getEnvironment().getRequiredProperty("local.sockloop." + server + ".port", Integer.class);
	}

	@SocketHandler(name = "upper")
	static class UpperHandler {

		Flux<String> handle(Flux<String> lines) {
			return lines.map(String::toUpperCase);
		}

	}

	@SocketHandler(name = "reverse")
	static class ReverseHandler {

		Flux<byte[]> handle(Flux<byte[]> frames) {
			return frames.map((frame) -> {
				byte[] reversed = new byte[frame.length];
				for (int i = 0; i < frame.length; i++) {
					reversed[i] = frame[frame.length - 1 - i];
				}
				return reversed;
			});
		}

	}

	@SocketHandler(name = "frames")
	static class FrameEchoHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> frames) {
			return frames.map((frame) -> ByteBuffer.allocate(frame.remaining() + 1).put((byte) '>').put(frame).flip());
		}

	}

}
