package dev.sockloop.internal.tls;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * The TLS records of one connection on their way to the socket: the one long-lived publisher
 * handed to the real connection's {@code send}, fed by the TLS drain and emitted as the connection
 * asks for them.
 *
 * <p>{@code request} and {@code cancel} may come from any thread and only signal the drain; the
 * queue is touched by the drain alone.
 */
final class NetworkRecords extends DrainedPublisher {

	private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();

	private volatile CoreSubscriber<? super ByteBuffer> subscriber;

	private long queuedBytes;

	private boolean terminated;

	NetworkRecords(Runnable signal) {
		super(signal);
	}

	@Override
	public void subscribe(CoreSubscriber<? super ByteBuffer> subscriber) {
		if (this.subscriber != null) {
			Operators.error(subscriber, new IllegalStateException("TLS records allow only one subscriber"));
			return;
		}
		this.subscriber = subscriber;
		subscriber.onSubscribe(this);
	}

	/** Drain: queues one record. */
	void offer(ByteBuffer record) {
		this.queue.add(record);
		this.queuedBytes += record.remaining();
	}

	/** Drain: bytes queued and not yet passed to the connection. */
	long queuedBytes() {
		return this.queuedBytes;
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	boolean isTerminated() {
		return this.terminated;
	}

	/**
	 * Drain: passes queued records to the connection as far as it has asked for them.
	 * @return whether any record was passed on
	 */
	boolean emit() {
		CoreSubscriber<? super ByteBuffer> s = this.subscriber;
		if (s == null || this.terminated || isCancelled()) {
			return false;
		}
		boolean emitted = false;
		while (!this.queue.isEmpty() && isRequested()) {
			ByteBuffer record = this.queue.poll();
			this.queuedBytes -= record.remaining();
			produced();
			s.onNext(record);
			emitted = true;
		}
		return emitted;
	}

	/** Drain: no more records; the connection closes once the queued ones are written. */
	void complete() {
		CoreSubscriber<? super ByteBuffer> s = this.subscriber;
		if (s != null && !this.terminated && this.queue.isEmpty()) {
			this.terminated = true;
			if (!isCancelled()) {
				s.onComplete();
			}
		}
	}

	/**
	 * Drain: the TLS layer is closing the connection for a reason of its own (a handshake timeout,
	 * a refused renegotiation): drops what is queued and completes, so that the connection's send
	 * ends quietly instead of failing as if the handler had.
	 */
	void abandon() {
		this.queue.clear();
		this.queuedBytes = 0;
		complete();
	}

	/** Drain: the handler failed; the connection closes at once and counts the failure. */
	void fail(Throwable failure) {
		CoreSubscriber<? super ByteBuffer> s = this.subscriber;
		if (s != null && !this.terminated) {
			this.terminated = true;
			this.queue.clear();
			this.queuedBytes = 0;
			if (!isCancelled()) {
				s.onError(failure);
			}
		}
	}

}
