package dev.sockloop.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocking test clients must not depend on a shared pool having a free thread: tests call
 * them from pools, and on JDK 25 {@code CompletableFuture}'s default executor is the common pool
 * even when its parallelism is 1 (a machine with 2 CPUs), where JDK 17 started a thread per task.
 */
class ClientsTests {

	private SocketServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			// Closing the connections also ends any exchange still blocked in a read.
			this.server.stop(Duration.ofSeconds(2));
		}
	}

	@Test
	void exchangesCompleteWhenEveryCommonPoolWorkerIsBusyExchanging() throws Exception {
		this.server = SocketServer.builder().transport(Transport.NIO).address("127.0.0.1").loops(1)
			.handler((connection) -> connection.send(connection.receive())).start();
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", this.server.port());
		byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
		List<Future<byte[]>> replies = new ArrayList<>();
		// One exchange per worker: each holds its worker in a read until its payload is written.
		for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) {
			replies.add(ForkJoinPool.commonPool().submit(() -> Clients.exchange(address, ping)));
		}
		for (Future<byte[]> reply : replies) {
			assertThat(reply.get(5, TimeUnit.SECONDS)).as("echo of an exchange run on the common pool").isEqualTo(ping);
		}
	}

}
