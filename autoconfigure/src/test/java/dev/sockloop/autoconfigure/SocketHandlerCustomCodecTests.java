package dev.sockloop.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.codec.FrameDecoder;
import dev.sockloop.codec.FrameTooLongException;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A framing of the application's own, a {@link FrameCodec} bean named in
 * {@code sockloop.servers.<name>.codec}, through real sockets: a 2-byte type and a 2-byte length
 * before each payload, as in the guide.
 */
class SocketHandlerCustomCodecTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(Codecs.class, TypedEchoHandler.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s");

	@Test
	void aFrameCodecBeanNamedInTheCodecPropertyFramesTheConnection() {
		this.contextRunner.withPropertyValues("sockloop.servers.typed.codec=typeLength").run((context) -> {
			try (TestClient client = TestClient.connect(port(context, "typed"))) {
				// Type 7 "abc", then type 1 with an empty payload, split in the middle of a header.
				client.write(new byte[] { 0, 7, 0, 3, 'a', 'b', 'c', 0 });
				client.write(new byte[] { 1, 0, 0 });
				// The handler answers with the type plus one and the same payload.
				assertThat(client.read(11)).containsExactly(0, 8, 0, 3, 'a', 'b', 'c', 0, 2, 0, 0);
			}
		});
	}

	@Test
	void aFrameOverMaxFrameLengthClosesTheConnectionAsABadFrame() {
		this.contextRunner
			.withPropertyValues("sockloop.servers.typed.codec=typeLength", "sockloop.servers.typed.max-frame-length=16B")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "typed"))) {
					client.write(new byte[] { 0, 7, 0, 100 });
					assertThat(client.isClosedByServer()).isTrue();
				}
				assertClosedForABadFrame(stats(context));
			});
	}

	@Test
	void aDecoderThatNeverCompletesAFrameIsCutOffAtTheBound() {
		this.contextRunner
			.withPropertyValues("sockloop.servers.typed.codec=hoarding", "sockloop.servers.typed.max-frame-length=4KB")
			.run((context) -> {
				ServerStats stats = stats(context);
				HoardingDecoder.mostHeld.set(0);
				try (TestClient client = TestClient.connect(port(context, "typed"))) {
					byte[] noMarker = new byte[1024];
					for (int i = 0; i < 64 && !closedForABadFrame(stats); i++) {
						client.write(noMarker);
					}
					assertThat(client.isClosedByServer()).isTrue();
				}
				System.out.printf("Hoarding decoder: held at most %d bytes, server read %d (max-frame-length 4096)%n",
						HoardingDecoder.mostHeld.get(), stats.bytesReceived());
				assertClosedForABadFrame(stats);
				assertThat(HoardingDecoder.mostHeld.get()).as("bytes a decoder that never completes a frame holds")
					.isLessThanOrEqualTo(4096 + 1024);
			});
	}

	@Test
	void anUnknownCodecNameFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("sockloop.servers.typed.codec=nosuch").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'sockloop.servers.typed.codec' must be raw, line, delimiter, fixed-length,"
						+ " length-field or the name of a FrameCodec bean, was 'nosuch'");
		});
	}

	@Test
	void builtInCodecNamesStillWorkInAnySpelling() {
		this.contextRunner.withPropertyValues("sockloop.servers.typed.codec=LENGTH_FIELD",
				"sockloop.servers.typed.length-field-size=1").run((context) -> {
					try (TestClient client = TestClient.connect(port(context, "typed"))) {
						client.write(new byte[] { 3, 0, 7, 'x' });
						assertThat(client.read(4)).containsExactly(3, 0, 8, 'x');
					}
				});
	}

	private static void assertClosedForABadFrame(ServerStats stats) {
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> closedForABadFrame(stats));
		assertThat(stats.framesRejected()).isEqualTo(1);
		assertThat(stats.handlerErrors()).isZero();
	}

	private static boolean closedForABadFrame(ServerStats stats) {
		return stats.connectionsClosed(CloseReason.BAD_FRAME) > 0;
	}

	private static ServerStats stats(ApplicationContext context) {
		return context.getBean(SocketServers.class).get("typed").stats();
	}

	private static int port(ApplicationContext context, String server) {
		return context.getEnvironment().getRequiredProperty("local.sockloop." + server + ".port", Integer.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class Codecs {

		@Bean
		FrameCodec typeLength() {
			return FrameCodec.custom("type-length", 64 * 1024, TypeLengthDecoder::new, TypeLengthDecoder::encode);
		}

		@Bean
		FrameCodec hoarding() {
			return FrameCodec.custom("hoarding", 64 * 1024, (maxFrameLength) -> new HoardingDecoder(), (frame) -> frame);
		}

	}

	@SocketHandler(name = "typed")
	static class TypedEchoHandler {

		Flux<ByteBuffer> echo(Flux<ByteBuffer> frames) {
			return frames.map((frame) -> {
				ByteBuffer answer = ByteBuffer.allocate(frame.remaining());
				answer.putShort((short) (frame.getShort() + 1)).put(frame);
				return answer.flip();
			});
		}

	}

	/**
	 * The guide's example: a frame is a 2-byte type and a 2-byte length, then that many bytes of
	 * payload. Frames handed to the handler are the type followed by the payload.
	 */
	static final class TypeLengthDecoder implements FrameDecoder {

		private final int maxFrameLength;

		private final ByteBuffer header = ByteBuffer.allocate(4);

		/** The type and payload of the frame being read, once its header is complete. */
		private ByteBuffer frame;

		TypeLengthDecoder(int maxFrameLength) {
			this.maxFrameLength = maxFrameLength;
		}

		@Override
		public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frames) {
			while (chunk.hasRemaining()) {
				if (this.frame == null) {
					while (this.header.hasRemaining() && chunk.hasRemaining()) {
						this.header.put(chunk.get());
					}
					if (this.header.hasRemaining()) {
						return;
					}
					int length = 2 + Short.toUnsignedInt(this.header.getShort(2));
					if (length > this.maxFrameLength) {
						throw new FrameTooLongException("Frame of " + length + " bytes", this.maxFrameLength, length);
					}
					this.frame = ByteBuffer.allocate(length).putShort(this.header.getShort(0));
					this.header.clear();
				}
				int n = Math.min(this.frame.remaining(), chunk.remaining());
				this.frame.put(chunk.slice(chunk.position(), n));
				chunk.position(chunk.position() + n);
				if (!this.frame.hasRemaining()) {
					frames.accept(this.frame.flip());
					this.frame = null;
				}
			}
		}

		static ByteBuffer encode(ByteBuffer frame) {
			ByteBuffer wire = ByteBuffer.allocate(frame.remaining() + 2);
			wire.putShort(frame.getShort(frame.position()))
				.putShort((short) (frame.remaining() - 2))
				.put(frame.slice(frame.position() + 2, frame.remaining() - 2));
			return wire.flip();
		}

	}

	/** A careless decoder: keeps everything until a 0x7f byte, which never comes. */
	static final class HoardingDecoder implements FrameDecoder {

		/** The most bytes any hoarding decoder has held. */
		static final AtomicInteger mostHeld = new AtomicInteger();

		private final ByteArrayOutputStream held = new ByteArrayOutputStream();

		@Override
		public void decode(ByteBuffer chunk, Consumer<ByteBuffer> frames) {
			while (chunk.hasRemaining()) {
				byte b = chunk.get();
				if (b == 0x7f) {
					frames.accept(ByteBuffer.wrap(this.held.toByteArray()));
					this.held.reset();
				}
				else {
					this.held.write(b);
				}
			}
			mostHeld.accumulateAndGet(this.held.size(), Math::max);
		}

	}

}
