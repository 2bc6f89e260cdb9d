package dev.sockloop.datagram;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.sockloop.server.Await;
import dev.sockloop.server.ServerStartException;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A datagram server through real UDP sockets on loopback, on each transport.
 */
abstract class DatagramServerTests {

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	private DatagramServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	private DatagramServerBuilder builder(String address, int loops) {
		return DatagramServer.builder().transport(transport()).name("udp-" + transport().tagValue())
			.address(address).port(0).loops(loops);
	}

	private DatagramServer echo(String address, int loops) {
		this.server = builder(address, loops)
			.handler((datagrams) -> datagrams.map((datagram) -> datagram.reply(datagram.payload())))
			.start();
		return this.server;
	}

	private static byte[] randomPayload(int size) {
		byte[] payload = new byte[size];
		new Random(size).nextBytes(payload);
		return payload;
	}

	@Test
	void echoesEachDatagramToItsSenderAndCountsBothWays() throws Exception {
		DatagramServer server = echo("127.0.0.1", 2);
		assertThat(server.socketCount()).as("one SO_REUSEPORT socket per loop").isEqualTo(2);
		try (DatagramPeer peer = new DatagramPeer("127.0.0.1")) {
			int total = 0;
			for (int size : new int[] { 0, 1, 63, 1500, 2048 }) {
				byte[] payload = randomPayload(size);
				peer.send(server.localAddress(), payload);
				assertThat(peer.receive()).isEqualTo(payload);
				total += size;
			}
			int bytes = total;
			Await.until(Duration.ofSeconds(5), () -> server.stats().datagramsSent() == 5, "five datagrams sent");
			assertThat(server.stats().datagramsReceived()).isEqualTo(5);
			assertThat(server.stats().bytesReceived()).isEqualTo(bytes);
			assertThat(server.stats().bytesSent()).isEqualTo(bytes);
		}
	}

	@Test
	void peersAreAnsweredEachWithTheirOwnBytes() throws Exception {
		DatagramServer server = echo("127.0.0.1", 2);
		DatagramPeer[] peers = new DatagramPeer[8];
		try {
			for (int i = 0; i < peers.length; i++) {
				peers[i] = new DatagramPeer("127.0.0.1");
			}
			for (int round = 0; round < 20; round++) {
				for (int i = 0; i < peers.length; i++) {
					peers[i].send(server.localAddress(), ("peer " + i + " round " + round).getBytes(StandardCharsets.UTF_8));
				}
				for (int i = 0; i < peers.length; i++) {
					assertThat(new String(peers[i].receive(), StandardCharsets.UTF_8)).isEqualTo("peer " + i + " round " + round);
				}
			}
		}
		finally {
			for (DatagramPeer peer : peers) {
				if (peer != null) {
					peer.close();
				}
			}
		}
	}

	@Test
	void echoesOverIpv6Loopback() throws Exception {
		DatagramServer server = echo("::1", 2);
		assertThat(server.localAddress().getAddress()).isEqualTo(InetAddress.getByName("::1"));
		try (DatagramPeer peer = new DatagramPeer("::1")) {
			byte[] payload = randomPayload(1200);
			peer.send(server.localAddress(), payload);
			assertThat(peer.receive()).isEqualTo(payload);
		}
	}

	@Test
	void aDualStackServerAnswersIpv4PeersAtTheirIpv4Address() throws Exception {
		CopyOnWriteArrayList<InetSocketAddress> senders = new CopyOnWriteArrayList<>();
		this.server = builder("::", 1)
			.handler((datagrams) -> datagrams.doOnNext((datagram) -> senders.add(datagram.sender()))
				.map((datagram) -> datagram.reply(datagram.payload())))
			.start();
		try (DatagramPeer peer = new DatagramPeer("127.0.0.1")) {
			byte[] payload = randomPayload(100);
			peer.send(new InetSocketAddress("127.0.0.1", this.server.port()), payload);
			assertThat(peer.receive()).isEqualTo(payload);
			assertThat(senders).containsExactly(peer.address());
		}
	}

	@Test
	void joinsAMulticastGroupOnLoopbackAndReceivesEachGroupDatagramOnce() throws Exception {
		NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1"));
		InetAddress group = InetAddress.getByName("239.255.42.99");
		this.server = builder("0.0.0.0", 2).joinGroup(group, loopback)
			.handler((datagrams) -> datagrams.map((datagram) -> datagram.reply(datagram.payload())))
			.start();
		assertThat(this.server.socketCount()).as("one socket, so that group datagrams arrive once").isEqualTo(1);
		try (MulticastSocket sender = new MulticastSocket(new InetSocketAddress("127.0.0.1", 0))) {
			sender.setNetworkInterface(loopback);
			sender.setSoTimeout(5000);
			byte[] payload = randomPayload(64);
			sender.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(group, this.server.port())));
			byte[] buffer = new byte[1024];
			DatagramPacket echo = new DatagramPacket(buffer, buffer.length);
			sender.receive(echo);
			assertThat(Arrays.copyOf(buffer, echo.getLength())).isEqualTo(payload);
		}
		assertThat(this.server.stats().datagramsReceived()).isEqualTo(1);
	}

	@Test
	void leavesAndJoinsMulticastGroupsWhileRunning() throws Exception {
		NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1"));
		InetAddress first = InetAddress.getByName("239.255.42.101");
		InetAddress second = InetAddress.getByName("239.255.42.102");
		this.server = builder("0.0.0.0", 1).joinGroup(first, loopback)
			.handler((datagrams) -> datagrams.map((datagram) -> datagram.reply(datagram.payload())))
			.start();
		try (MulticastSocket sender = new MulticastSocket(new InetSocketAddress("127.0.0.1", 0))) {
			sender.setNetworkInterface(loopback);
			sender.setSoTimeout(5000);
			assertThat(multicastEcho(sender, first, 300)).as("joined at start").isNotNull();
			this.server.leaveGroup(first, loopback);
			assertThat(multicastEcho(sender, first, 300)).as("after leaving").isNull();
			this.server.joinGroup(second, loopback);
			assertThat(multicastEcho(sender, second, 5000)).as("joined while running").isNotNull();
		}
	}

	@Test
	void aServerWithOneSocketPerLoopRefusesToJoinAGroupWhileRunning() throws Exception {
		NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1"));
		DatagramServer server = echo("0.0.0.0", 2);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> server.joinGroup(InetAddress.getByName("239.255.42.103"), loopback))
			.withMessageContaining("reusePort(false)");
	}

	@Test
	void theKernelSpreadsPeersOverTheSocketsOfEveryLoop() throws Exception {
		DatagramServer server = echo("127.0.0.1", 2);
		for (int i = 0; i < 32; i++) {
			try (DatagramPeer peer = new DatagramPeer("127.0.0.1")) {
				peer.send(server.localAddress(), new byte[] { (byte) i });
				assertThat(peer.receive()).containsExactly((byte) i);
			}
		}
		// Spread by a hash of each peer's address and port: all 32 on one socket has odds of 2^-31.
		assertThat(server.stats().loop(0).datagramsReceived()).isPositive();
		assertThat(server.stats().loop(1).datagramsReceived()).isPositive();
	}

	/** Sends a datagram to a group on the server's port; returns the echo, or null if none came in time. */
	private byte[] multicastEcho(MulticastSocket sender, InetAddress group, int millis) throws Exception {
		byte[] payload = randomPayload(32);
		sender.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(group, this.server.port())));
		byte[] buffer = new byte[1024];
		DatagramPacket echo = new DatagramPacket(buffer, buffer.length);
		sender.setSoTimeout(millis);
		try {
			sender.receive(echo);
		}
		catch (java.net.SocketTimeoutException ex) {
			return null;
		}
		return Arrays.copyOf(buffer, echo.getLength());
	}

	@Test
	void oversizeDatagramsAreDroppedAndCountedNeverDeliveredInPart() throws Exception {
		CopyOnWriteArrayList<Integer> sizes = new CopyOnWriteArrayList<>();
		this.server = builder("127.0.0.1", 1).maxDatagramSize(100)
			.handler((datagrams) -> datagrams.doOnNext((datagram) -> sizes.add(datagram.payload().remaining()))
				.map((datagram) -> datagram.reply(datagram.payload())))
			.start();
		try (DatagramPeer peer = new DatagramPeer("127.0.0.1")) {
			peer.send(this.server.localAddress(), new byte[101]);
			peer.send(this.server.localAddress(), new byte[60_000]);
			peer.send(this.server.localAddress(), randomPayload(100));
			assertThat(peer.receive()).isEqualTo(randomPayload(100));
			assertThat(peer.receiveNothingWithin(200)).isNull();
		}
		assertThat(sizes).containsExactly(100);
		assertThat(this.server.stats().datagramsTruncated()).isEqualTo(2);
	}

	@Test
	void aFailingHandlerIsCountedAndSubscribedAgainWithAFreshInbound() throws Exception {
		AtomicInteger subscriptions = new AtomicInteger();
		this.server = builder("127.0.0.1", 1)
			.handler((datagrams) -> {
				subscriptions.incrementAndGet();
				return datagrams.map((datagram) -> {
					if (datagram.payload().remaining() == 4) {
						throw new IllegalStateException("four bytes are bad luck");
					}
					return datagram.reply(datagram.payload());
				});
			})
			.start();
		try (DatagramPeer peer = new DatagramPeer("127.0.0.1")) {
			peer.send(this.server.localAddress(), new byte[4]);
			Await.until(Duration.ofSeconds(5), () -> this.server.stats().handlerErrors() == 1, "the failure counted");
			Await.until(Duration.ofSeconds(5), () -> subscriptions.get() == 2, "the handler subscribed again");
			peer.send(this.server.localAddress(), new byte[] { 1, 2, 3 });
			assertThat(peer.receive()).containsExactly(1, 2, 3);
		}
	}

	@Test
	void anOffloadedHandlerRepliesFromAnotherThread() throws Exception {
		this.server = builder("127.0.0.1", 1)
			.handler((datagrams) -> datagrams.publishOn(Schedulers.boundedElastic())
				.flatMap((datagram) -> Mono.fromCallable(() -> datagram.reply(datagram.payload()))
					.subscribeOn(Schedulers.parallel())))
			.start();
		try (DatagramPeer peer = new DatagramPeer("127.0.0.1")) {
			for (int i = 0; i < 50; i++) {
				byte[] payload = randomPayload(10 + i);
				peer.send(this.server.localAddress(), payload);
				assertThat(peer.receive()).isEqualTo(payload);
			}
		}
	}

	@Test
	void stopCompletesTheInboundSendsWhatIsQueuedAndReleasesThePort() throws Exception {
		AtomicBoolean completed = new AtomicBoolean();
		this.server = builder("127.0.0.1", 2)
			.handler((datagrams) -> datagrams.doOnComplete(() -> completed.set(true))
				.map((datagram) -> datagram.reply(datagram.payload())))
			.start();
		int port = this.server.port();
		assertThat(this.server.stop(Duration.ofSeconds(5))).as("graceful").isTrue();
		assertThat(completed).isTrue();
		assertThat(this.server.isRunning()).isFalse();
		try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
			probe.bind(new InetSocketAddress("127.0.0.1", port));
		}
	}

	@Test
	void aPortTakenByAnotherSocketFailsTheStartNamingTheServer() throws Exception {
		try (DatagramChannel holder = DatagramChannel.open(StandardProtocolFamily.INET)) {
			holder.bind(new InetSocketAddress("127.0.0.1", 0));
			int port = ((InetSocketAddress) holder.getLocalAddress()).getPort();
			try (EventLoopGroup group = new EventLoopGroup(1, "udp-taken-", transport())) {
				assertThatExceptionOfType(ServerStartException.class)
					.isThrownBy(() -> DatagramServer.builder().loopGroup(group).name("taken").address("127.0.0.1")
						.port(port).handler((datagrams) -> Flux.empty()).start())
					.withMessageContaining("'taken'")
					.withMessageContaining("127.0.0.1:" + port);
			}
		}
	}

	@Test
	void aHandlerThatSendsForeverIsAskedForNoMoreThanTheSendQueueHolds() throws Exception {
		AtomicInteger requested = new AtomicInteger();
		AtomicInteger emitted = new AtomicInteger();
		try (DatagramPeer peer = new DatagramPeer("127.0.0.1")) {
			InetSocketAddress target = peer.address();
			this.server = builder("127.0.0.1", 1).writeHighWaterMark(16 * 1024)
				.handler((datagrams) -> Flux.<Datagram>generate((sink) -> {
					emitted.incrementAndGet();
					sink.next(Datagram.to(target, ByteBuffer.allocate(1024)));
				}).doOnRequest((n) -> requested.accumulateAndGet((int) Math.min(n, 1_000_000), Integer::sum)).take(2000))
				.start();
			Await.until(Duration.ofSeconds(5), () -> this.server.stats().datagramsSent() + this.server.stats().sendErrors() == 2000,
					"2000 datagrams sent");
			assertThat(requested.get()).as("never an unbounded request").isLessThan(1_000_000);
		}
	}

}
