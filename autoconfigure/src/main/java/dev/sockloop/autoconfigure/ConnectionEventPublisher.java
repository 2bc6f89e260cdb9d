package dev.sockloop.autoconfigure;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionListener;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.spring.SocketConnectionClosedEvent;
import dev.sockloop.spring.SocketConnectionOpenedEvent;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a {@link SocketConnectionOpenedEvent} and a {@link SocketConnectionClosedEvent} per
 * connection, from one thread of its own: the event loops only queue them, and never wait, so
 * application listeners (which may log, write to a database, block) cannot stall connections. The
 * queue is bounded; past it events are dropped, counted and reported at a limited rate, since a
 * peer that opens connections quickly enough would otherwise grow it without bound.
 */
final class ConnectionEventPublisher implements ConnectionListener, DisposableBean {

	/** Events waiting for the publishing thread, at most. */
	static final int QUEUE_CAPACITY = 10_000;

	private final ApplicationEventPublisher publisher;

	private final ThreadPoolExecutor executor;

	private final LongAdder dropped = new LongAdder();

	private final RateLimitedLog warnings = new RateLimitedLog(LoggerFactory.getLogger(ConnectionEventPublisher.class));

	ConnectionEventPublisher(ApplicationEventPublisher publisher, int capacity) {
		this.publisher = publisher;
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
				(task) -> {
					Thread thread = new Thread(task, "sockloop-events");
					thread.setDaemon(true);
					return thread;
				}, (task, executor) -> dropped());
	}

	@Override
	public OnClose opened(Connection connection) {
		publish(new SocketConnectionOpenedEvent(connection));
		return (reason) -> publish(new SocketConnectionClosedEvent(connection, reason));
	}

	private void publish(ApplicationEvent event) {
		this.executor.execute(() -> {
			try {
				this.publisher.publishEvent(event);
			}
			catch (RuntimeException ex) {
				this.warnings.warn("A listener of Sockloop's connection events failed", ex);
			}
		});
	}

	private void dropped() {
		this.dropped.increment();
		this.warnings.warn("Sockloop connection events dropped: listeners are " + QUEUE_CAPACITY
				+ " events behind (" + this.dropped.sum() + " dropped so far)");
	}

	/**
	 * Events dropped because the queue was full, or the application context closing.
	 * @return the count
	 */
	long droppedEvents() {
		return this.dropped.sum();
	}

	/** Lets queued events out, briefly: the context is closing, and its listeners with it. */
	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(5, TimeUnit.SECONDS);
	}

}
