package dev.sockloop.connection;

import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed connection holds nothing of its handler: whatever still references the connection
 * object (an application's registry, a pending timer, a log context) must not keep the handler's
 * publishers, and what they captured, alive.
 */
abstract class ClosedConnectionReferenceTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private static final int LARGE = 10 * 1024 * 1024;

	private SocketServer server;

	private final AtomicReference<Connection> connection = new AtomicReference<>();

	private final AtomicReference<WeakReference<byte[]>> large = new AtomicReference<>();

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aClosedConnectionDoesNotKeepTheHandlersPublisher() throws Exception {
		start((connection) -> {
			byte[] captured = capture();
			// A handler that does not end by itself: only the close ends its subscription.
			return Mono.<Void>never().doOnCancel(() -> captured[0]++);
		});
		assertCollectedAfterClose();
	}

	@Test
	void aClosedConnectionDoesNotKeepTheSendsPublisherThroughASubscriberItHolds() throws Exception {
		start((connection) -> {
			byte[] captured = capture();
			Publisher<ByteBuffer> neverEnding = Flux.<ByteBuffer>never().doOnCancel(() -> captured[0]++);
			// An application subscriber that keeps its subscription, kept in the connection's attributes.
			RetainingSubscriber send = new RetainingSubscriber();
			connection.send(neverEnding).subscribe(send);
			connection.attributes().put("send", send);
			return Mono.never();
		});
		assertCollectedAfterClose();
	}

	private void start(ConnectionHandler handler) {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).handler((connection) -> {
			this.connection.set(connection);
			return handler.handle(connection);
		}).start();
	}

	private byte[] capture() {
		byte[] captured = new byte[LARGE];
		this.large.set(new WeakReference<>(captured));
		return captured;
	}

	private void assertCollectedAfterClose() throws Exception {
		try (Socket client = Clients.connect(new InetSocketAddress("127.0.0.1", this.server.port()))) {
			Await.until(Duration.ofSeconds(5), () -> this.connection.get() != null && this.large.get() != null,
					"the handler ran");
			Connection kept = this.connection.get();
			kept.close();
			Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsActive() == 0, "the connection closed");
			assertThat(kept.isOpen()).isFalse();
			WeakReference<byte[]> reference = this.large.get();
			this.large.set(null);
			boolean collected = collected(reference);
			assertThat(collected).as("what the handler captured, collected while the closed connection is referenced")
				.isTrue();
			assertThat(kept).isNotNull();
		}
	}

	private static boolean collected(WeakReference<?> reference) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (reference.get() != null && System.nanoTime() - deadline < 0) {
			System.gc();
			Thread.onSpinWait();
		}
		return reference.get() == null;
	}

	/** Keeps its subscription after the end, as a hand-written subscriber may. */
	private static final class RetainingSubscriber implements CoreSubscriber<Void> {

		private volatile Subscription subscription;

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
		}

		@Override
		public void onNext(Void unused) {
		}

		@Override
		public void onError(Throwable failure) {
		}

		@Override
		public void onComplete() {
		}

	}

}
