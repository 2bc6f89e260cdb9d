package dev.sockloop.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionListener.OnClose;
import dev.sockloop.stats.CloseReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * Connection events never hold up the thread that reports the connection (an event loop): with a
 * listener stuck, what does not fit the bounded queue is dropped and counted.
 */
class ConnectionEventPublisherTests {

	@Test
	void aStuckListenerNeverBlocksTheLoopAndEventsPastTheQueueAreDroppedAndCounted() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger published = new AtomicInteger();
		ConnectionEventPublisher publisher = new ConnectionEventPublisher((event) -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			published.incrementAndGet();
		}, 16);
		Connection connection = mock(Connection.class);
		AtomicInteger reported = new AtomicInteger();
		Thread loop = new Thread(() -> {
			for (int i = 0; i < 1000; i++) {
				OnClose onClose = publisher.opened(connection);
				onClose.closed(CloseReason.PEER_CLOSED);
				reported.incrementAndGet();
			}
		}, "fake-loop");
		loop.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> reported.get() == 1000);
		long dropped = publisher.droppedEvents();
		System.out.println("2000 events with the listener stuck: " + dropped + " dropped, the reporting thread done");
		// One in the listener, 16 queued: the rest were dropped while the listener was still stuck.
		assertThat(dropped).isEqualTo(2000 - 1 - 16);
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> published.get() == 17);
		publisher.destroy();
	}

}
