package dev.sockloop.autoconfigure;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SocketHandler} that returns its raw-bytes inbound as it is takes the engine's forwarding
 * path, as {@code connection.send(connection.receive())} does: large reads are lent to the write
 * queue, not copied into fresh arrays. The Spring path then costs what the raw engine costs.
 */
class SocketHandlerForwardingTests {

	private static final int PAYLOAD = 8 * 1024 * 1024;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(ForwardingHandler.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s");

	@Test
	void aHandlerReturningItsRawInboundForwardsLargeMessagesWithoutAllocatingPerRead() {
		this.contextRunner.run((context) -> {
			int port = context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
			InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
			ExecutorService clients = Executors.newCachedThreadPool();
			try {
				byte[] warmup = payload(1);
				assertThat(exchange(clients, address, warmup)).isEqualTo(warmup);
				Thread loop = context.getBean(ForwardingHandler.class).loopThread.get();
				assertThat(loop).isNotNull();
				List<byte[]> payloads = List.of(payload(2), payload(3), payload(4), payload(5));
				long before = allocatedBytes(loop);
				List<Future<byte[]>> echoes = new ArrayList<>();
				for (byte[] payload : payloads) {
					echoes.add(clients.submit(() -> exchange(clients, address, payload)));
				}
				for (int i = 0; i < payloads.size(); i++) {
					assertThat(echoes.get(i).get()).as("echo %d", i).isEqualTo(payloads.get(i));
				}
				long allocated = allocatedBytes(loop) - before;
				long echoed = 4L * PAYLOAD;
				System.out.printf("Spring path: loop thread allocated %,d bytes while echoing %,d (%.3f per byte)%n",
						allocated, echoed, allocated / (double) echoed);
				assertThat(allocated).isLessThan(echoed / 10);
			}
			finally {
				clients.shutdownNow();
			}
		});
	}

	private static byte[] payload(long seed) {
		byte[] bytes = new byte[PAYLOAD];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static long allocatedBytes(Thread thread) {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
			.getThreadAllocatedBytes(thread.getId());
	}

	private static byte[] exchange(ExecutorService clients, InetSocketAddress address, byte[] payload)
			throws Exception {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(10_000);
			socket.connect(address, 10_000);
			Future<?> written = clients.submit(() -> {
				OutputStream out = socket.getOutputStream();
				out.write(payload);
				socket.shutdownOutput();
				return null;
			});
			InputStream in = socket.getInputStream();
			byte[] received = in.readAllBytes();
			written.get();
			return received;
		}
	}

	static class ForwardingHandler {

		final AtomicReference<Thread> loopThread = new AtomicReference<>();

		@SocketHandler(name = "echo")
		Flux<ByteBuffer> echo(Flux<ByteBuffer> in) {
			this.loopThread.set(Thread.currentThread());
			return in;
		}

	}

}
