package dev.sockloop.hardening;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.datagram.DatagramServer;
import dev.sockloop.datagram.DatagramSocketHandler;
import dev.sockloop.server.Await;
import dev.sockloop.testing.CapturedErr;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile UDP peer can do to a datagram server: flood it faster than its handler reads, send
 * datagrams over the size limit. Memory is measured as retained heap, warnings as log lines (the
 * test logger, slf4j-simple, writes to {@code System.err}, read here).
 */
abstract class DatagramFloodTests {

	private static final int FLOOD = 100_000;

	private static final int SIZE = 1000;

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	/** Whether the transport learns the kernel's drop count ({@code SO_RXQ_OVFL}). */
	abstract boolean countsKernelDrops();

	private CapturedErr captured;

	private DatagramServer server;

	@BeforeEach
	void captureErr() {
		this.captured = CapturedErr.start();
	}

	@AfterEach
	void stop() {
		this.captured.close();
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	private DatagramServer start(String name, DatagramSocketHandler handler) {
		this.server = DatagramServer.builder().transport(transport()).name(name).address("127.0.0.1").port(0).loops(1)
			.receiveBufferSize(64 * 1024).handler(handler).start();
		return this.server;
	}

	@Test
	void aFloodOnAHandlerThatAsksForOneAtATimeCostsBoundedMemoryAndIsCountedAsDrops() throws Exception {
		AtomicInteger handled = new AtomicInteger();
		// One datagram requested at a time, each taking 2 ms: about 500 a second against a flood of
		// 100 MB.
		DatagramServer server = start("flood-" + transport().tagValue(), (datagrams) -> datagrams
			.concatMap((datagram) -> Mono.delay(Duration.ofMillis(2)).doOnNext((tick) -> handled.incrementAndGet())
				.then(Mono.<Datagram>empty()), 1));
		long before = RetainedHeap.bytes();
		long sent = 0;
		try (DatagramChannel peer = DatagramChannel.open()) {
			peer.bind(new InetSocketAddress("127.0.0.1", 0));
			ByteBuffer payload = ByteBuffer.allocateDirect(SIZE);
			for (int i = 0; i < FLOOD; i++) {
				payload.clear();
				peer.send(payload, server.localAddress());
				sent++;
			}
			long during = RetainedHeap.bytes();
			long growth = during - before;
			System.out.printf("UDP flood (%s): %d datagrams of %d bytes sent, %d received, %d handled, retained heap "
					+ "%+.1f MiB%n", transport().tagValue(), sent, SIZE, server.stats().datagramsReceived(), handled.get(),
					growth / 1048576.0);
			assertThat(growth).as("retained heap growth under a 100 MB flood").isLessThan(8L * 1024 * 1024);
			assertThat(server.stats().datagramsReceived()).isLessThan(sent);
			assertThat(server.stats().backpressurePaused()).isPositive();
			if (countsKernelDrops()) {
				// The kernel reports its count with the next datagram it queues: send markers until the
				// slow handler has read everything, then every datagram is either received or dropped.
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				while (server.stats().datagramsReceived() + server.stats().datagramsDropped() != sent) {
					assertThat(System.nanoTime() - deadline).as("received + dropped reaching sent").isNegative();
					payload.clear().limit(7);
					peer.send(payload, server.localAddress());
					sent++;
					long expected = sent;
					try {
						Await.until(Duration.ofMillis(300),
								() -> server.stats().datagramsReceived() + server.stats().datagramsDropped() == expected,
								"all accounted for");
					}
					catch (AssertionError ex) {
						// Not yet drained: another marker.
					}
				}
				System.out.printf("UDP flood (%s): %d received + %d dropped by the kernel = %d sent%n",
						transport().tagValue(), server.stats().datagramsReceived(), server.stats().datagramsDropped(), sent);
				assertThat(server.stats().datagramsDropped()).isPositive();
			}
		}
	}

	@Test
	void oversizeDatagramsFromAPeerCostAtMostAFewWarnings() throws Exception {
		String name = "oversize-" + transport().tagValue();
		this.server = DatagramServer.builder().transport(transport()).name(name).address("127.0.0.1").port(0).loops(1)
			.maxDatagramSize(64).handler((datagrams) -> datagrams.map((datagram) -> datagram.reply(datagram.payload())))
			.start();
		try (DatagramChannel peer = DatagramChannel.open()) {
			peer.bind(new InetSocketAddress("127.0.0.1", 0));
			for (int i = 0; i < 200; i++) {
				peer.send(ByteBuffer.allocate(65 + i), this.server.localAddress());
			}
			Await.until(Duration.ofSeconds(5), () -> this.server.stats().datagramsTruncated() == 200,
					"200 oversize datagrams counted");
		}
		assertThat(this.server.stats().datagramsReceived()).isZero();
		assertThat(warnings(name)).as("WARN lines for 200 oversize datagrams").isBetween(1L, 2L);
	}

	private long warnings(String serverName) {
		return Arrays.stream(this.captured.text().split("\n"))
			.filter((line) -> line.contains(" WARN ") && line.contains("'" + serverName + "'"))
			.count();
	}

}
